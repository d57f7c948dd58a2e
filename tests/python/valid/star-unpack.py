# Starred targets: the first, the last and the middle of a shared list
# that threads fill, each taken in one step as CPython's UNPACK_EX takes
# it; too few items is CPython's ValueError.
import threading

jobs = []
lock = threading.Lock()


def submit(n):
    with lock:
        jobs.append(n)


def split(xs):
    try:
        a, *b, c = xs
        return len(b)
    except ValueError as e:
        return -len(str(e))


threads = [threading.Thread(target=submit, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
early = split(jobs)
for t in threads:
    t.join()
*init, last = [0, 1, 2]
first, *middle, final = jobs
print(init, last, len(middle), first + final + middle[0])
print(early == 1 or early < -40)
print(split((1, 2, 3, 4)), split([1]), split([1, 2]))
