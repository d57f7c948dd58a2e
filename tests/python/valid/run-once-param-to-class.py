# def main(workers, size), called once with constants: its parameters
# reach the instance it makes (Pool(size)) as they reach range(workers).
import threading


class Pool:
    def __init__(self, size):
        self.sem = threading.Semaphore(size)
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0

    def work(self):
        with self.sem:
            with self.lock:
                self.active += 1
                self.peak = max(self.peak, self.active)
            with self.lock:
                self.active -= 1


def main(workers, size):
    pool = Pool(size)
    threads = [threading.Thread(target=pool.work) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("peak", pool.peak, "of", size)


if __name__ == "__main__":
    main(3, 2)
