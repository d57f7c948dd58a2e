# A read-write lock built from a Condition, as a class: the reader sees
# the value from before or after the write, never a writer inside.
import threading


class ReadWriteLock:
    def __init__(self):
        self.cond = threading.Condition()
        self.readers = 0

    def acquire_read(self):
        with self.cond:
            self.readers += 1

    def release_read(self):
        with self.cond:
            self.readers -= 1
            if self.readers == 0:
                self.cond.notify_all()

    def acquire_write(self):
        self.cond.acquire()
        while self.readers > 0:
            self.cond.wait()

    def release_write(self):
        self.cond.release()


rw = ReadWriteLock()
value = 0


def reader():
    rw.acquire_read()
    seen = value
    rw.release_read()
    print(f"read {seen}")


def writer():
    global value
    rw.acquire_write()
    value = 1
    rw.release_write()


r = threading.Thread(target=reader)
w = threading.Thread(target=writer)
r.start()
w.start()
r.join()
w.join()
print(f"value = {value}, readers = {rw.readers}")
