# A one-slot box whose put() waits while it is full and whose get() waits
# while it is empty: a Condition over the box's own Lock, both attributes.
import threading


class Box:
    EMPTY = None

    def __init__(self):
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._item = Box.EMPTY

    def put(self, item):
        with self._cond:
            while self._item is not None:
                self._cond.wait()
            self._item = item
            self._cond.notify_all()

    def get(self):
        with self._cond:
            while self._item == self.EMPTY:
                self._cond.wait()
            item = self._item
            self._item = None
            self._cond.notify_all()
            return item


box = Box()
total = 0


def producer():
    for i in range(1, 4):
        box.put(i)


def consumer():
    global total
    for _ in range(3):
        total += box.get()


p = threading.Thread(target=producer)
c = threading.Thread(target=consumer)
p.start()
c.start()
p.join()
c.join()
print(f"total {total}")
