# threading.local(): each thread, main too, has its own mine.value, set
# and read in the function the thread runs and in a Thread subclass's
# run(); what one thread sets the others never see.
import threading

mine = threading.local()
lock = threading.Lock()
total = 0


def work(n):
    global total
    mine.value = n
    mine.value += 10
    with lock:
        total += mine.value


class Doubler(threading.Thread):
    def __init__(self, n):
        super().__init__(name="doubler")
        self.n = n

    def run(self):
        global total
        mine.value = self.n * 2
        with lock:
            total += mine.value


mine.value = 0
a = threading.Thread(target=work, args=(1,))
b = threading.Thread(target=work, args=(2,))
d = Doubler(50)
a.start()
b.start()
d.start()
a.join()
b.join()
d.join()
mine.value += 1
print(f"main sees {mine.value}, total {total}")
