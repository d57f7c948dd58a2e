# A pool object passed to every worker, its list and peak kept under its
# own Lock; a Semaphore sized by a class constant lets two in at a time.
import threading
import time


class Pool:
    LIMIT = 2

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


slots = threading.Semaphore(Pool.LIMIT)
pool = Pool()


def work(slots, pool, name):
    with slots:
        pool.enter(name)
        time.sleep(0.001)
        pool.leave(name)


workers = [threading.Thread(target=work, args=(slots, pool, ("w0", "w1", "w2")[i]))
           for i in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(f"at most {pool.peak} at once, {len(pool.active)} left, limit {pool.LIMIT}")
