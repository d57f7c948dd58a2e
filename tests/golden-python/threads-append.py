"""Threads started one by one

Each worker takes the module's lock to add its share; the workers are
appended to a list as they start, and a named daemon thread reports."""
import threading

total = 0
N = 3
lock = threading.Lock()


def work(k, times=1):
    global total
    for _ in range(times):
        with lock:
            total += k


def report(label):
    print(label, total)


if __name__ == "__main__":
    threads = []
    for i in range(N):
        t = threading.Thread(target=work, args=(i + 1, 2))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    r = threading.Thread(target=report, args=("total",), name="reporter", daemon=True)
    r.start()
    r.join()
