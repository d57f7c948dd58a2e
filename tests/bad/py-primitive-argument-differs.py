import threading

lock = threading.Lock()
other = threading.Lock()


def task(l, n):
    for _ in range(n):
        with l:
            pass


t = threading.Thread(target=task, args=(lock, 2))
t.start()
t.join()
task(other, 1)
