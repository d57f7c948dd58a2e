import threading

lock = threading.Lock()


class Guarded:
    def __init__(self, lock):
        self.lock = lock
        self.value = 0

    def swap(self):
        self.lock = threading.Lock()


g = Guarded(lock)
g.swap()
