# A list of threads, and one thread, passed to functions that start and
# join them (each function called once, from main code).
import threading

count = 0
lock = threading.Lock()


def work(n):
    global count
    with lock:
        count += n


def start_all(label, ts, k):
    print(label, k)
    for t in ts:
        t.start()


def finish(extra, t=None, ts=None):
    for u in ts:
        u.join()
    t.join()
    print("done", extra)


threads = [threading.Thread(target=work, args=(i,)) for i in range(3)]
single = threading.Thread(target=work, args=(10,))
single.start()
start_all("go", threads, 2)
finish(1, ts=threads, t=single)
print(count)
