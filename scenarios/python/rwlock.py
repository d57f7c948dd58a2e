"""A read-write lock built from a Condition.

What it shows: readers only count themselves in and out, so they can
read together; a writer takes the Condition's lock and waits until no
reader is inside, then holds the lock (keeping new readers out) while it
writes.  Each reader sees the value from before or after the write,
never half of it.
"""
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


def reader(name):
    rw.acquire_read()
    seen = value
    rw.release_read()
    print(f"{name} read {seen}")


def writer():
    global value
    rw.acquire_write()
    value = 1
    rw.release_write()


def main():
    threads = [threading.Thread(target=reader, args=(name,)) for name in ("r1", "r2")]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"value = {value}")


if __name__ == "__main__":
    main()
