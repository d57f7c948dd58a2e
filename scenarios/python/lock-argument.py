"""The counter fixed with a Lock, made in main() and passed as an argument.

What it shows: the lock is created by the main thread and handed to each
worker with args=(lock,).  Holding it around the read and the write makes
them one indivisible step for the other thread, so no addition is lost
and every schedule prints the full total.
"""
import threading

COUNT = 2
NUM_THREADS = 2
val = 0


def increase(lock):
    global val
    for _ in range(COUNT):
        lock.acquire()
        val += 1
        lock.release()


def main():
    lock = threading.Lock()
    threads = [threading.Thread(target=increase, args=(lock,)) for _ in range(NUM_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"val = {val}, expected {COUNT * NUM_THREADS}")


if __name__ == "__main__":
    main()
