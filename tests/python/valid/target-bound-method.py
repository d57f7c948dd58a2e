# A bound method as a Thread's target (target=c.increment): the threads
# are named after the method, as CPython names them, and share c's lock.
import threading


class Counter:
    def __init__(self):
        self.value = 0
        self.lock = threading.Lock()

    def increment(self):
        for _ in range(2):
            with self.lock:
                self.value += 1


c = Counter()
threads = [threading.Thread(target=c.increment) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
solo = threading.Thread(target=c.increment)
solo.start()
solo.join()
print(threads[0].name, threads[1].name, threads[-1].daemon, solo.name, c.value)
