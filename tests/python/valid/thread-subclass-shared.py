# Two Thread subclass objects, named Thread-1 and Thread-2 as CPython
# names them, each adding its step to one global without a lock.
import threading

total = 0


class Adder(threading.Thread):
    def __init__(self, step):
        threading.Thread.__init__(self)
        self.step = step

    def run(self):
        global total
        total += self.step


a = Adder(1)
b = Adder(10)
a.start()
b.start()
a.join()
b.join()
print(f"{a.name} and {b.name}: total {total}")
