"""An RLock in a recursive function.

What it shows: add_down takes the lock and, holding it, calls itself,
which takes the lock again.  An RLock lets the thread that holds it take
it again (it counts how deep), where a plain Lock would wait for itself
forever.  The other thread waits until the whole recursion has let go.
"""
import threading

total = 0


def add_down(lock, n):
    global total
    if n == 0:
        return
    with lock:
        total += n
        add_down(lock, n - 1)


def worker(lock):
    add_down(lock, 3)


def main():
    lock = threading.RLock()
    threads = [threading.Thread(target=worker, args=(lock,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"total = {total}")


if __name__ == "__main__":
    main()
