import threading

lock = threading.Lock()
other = threading.Lock()


def task(l, n):
    with l:
        pass
    if n > 1:
        task(l, n - 1)


t = threading.Thread(target=task, args=(lock, 2))
t.start()
t.join()
task(other, 1)
