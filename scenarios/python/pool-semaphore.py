"""A pool that a Semaphore keeps to two workers at a time.

What it shows: three workers want in, but the Semaphore(2) lets only two
hold a slot at once; the third waits until one leaves.  The Pool class
keeps the names of the active workers under its own Lock and remembers
the most it ever held, which is 1 or 2 and never 3.
"""
import threading
import time


class Pool:
    def __init__(self):
        self.active = []
        self.peak = 0
        self.lock = threading.Lock()

    def enter(self, name):
        with self.lock:
            self.active.append(name)
            if len(self.active) > self.peak:
                self.peak = len(self.active)

    def leave(self, name):
        with self.lock:
            self.active.remove(name)


def work(slots, pool, name):
    with slots:
        pool.enter(name)
        time.sleep(0.001)
        pool.leave(name)


def main():
    slots = threading.Semaphore(2)
    pool = Pool()
    workers = [threading.Thread(target=work, args=(slots, pool, f"w{i}")) for i in range(3)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"at most {pool.peak} at once, {len(pool.active)} left")


if __name__ == "__main__":
    main()
