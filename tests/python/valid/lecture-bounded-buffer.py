# A bounded buffer class built from two Semaphores (free slots, filled
# slots) and a Lock around the list itself.
import threading


class BoundedBuffer:
    def __init__(self, size):
        self.items = []
        self.mutex = threading.Lock()
        self.empty = threading.Semaphore(size)
        self.full = threading.Semaphore(0)

    def put(self, item):
        self.empty.acquire()
        with self.mutex:
            self.items.append(item)
        self.full.release()

    def get(self):
        self.full.acquire()
        with self.mutex:
            item = self.items.pop(0)
        self.empty.release()
        return item


buf = BoundedBuffer(2)
received = []


def producer():
    for i in range(4):
        buf.put(i)


def consumer():
    for _ in range(4):
        received.append(buf.get())


p = threading.Thread(target=producer)
c = threading.Thread(target=consumer)
p.start()
c.start()
p.join()
c.join()
print(received)
