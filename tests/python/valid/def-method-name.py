# Functions named like primitives' methods (put, get, wait): Python has no
# such rule, and q.put(x) on the Queue stays the Queue's method.
import queue
import threading

q = queue.Queue()


def put(x):
    q.put(x * 10)


def get():
    return q.get()


def wait(n):
    return n + 1


t = threading.Thread(target=put, args=(4,))
t.start()
print(get(), wait(1))
t.join()
