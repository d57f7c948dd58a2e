# A counter object shared by two threads: self.count += 1 is a load and a
# store of the attribute, so an update can be lost as a global's can.
import threading


class Counter:
    def __init__(self, start):
        self.count = start

    def add(self):
        self.count += 1


counter = Counter(0)


def work():
    global counter  # harmless in CPython: the name is never assigned
    for _ in range(2):
        counter.add()


a = threading.Thread(target=work)
b = threading.Thread(target=work)
a.start()
b.start()
a.join()
b.join()
print(f"count = {counter.count}")
