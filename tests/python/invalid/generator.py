# Outside the subset: a generator (yield).
import threading


def numbers():
    yield 1
    yield 2


def show():
    for n in numbers():
        print(n)


t = threading.Thread(target=show)
t.start()
t.join()
