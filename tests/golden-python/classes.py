import threading


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.count = 0

    def add(self):
        with self.lock:
            self.count += 1


class Adder(threading.Thread):
    def run(self):
        counter.add()


counter = Counter()
a = Adder()
b = Adder()
a.start()
b.start()
a.join()
b.join()
print(f"count = {counter.count}")
