# Tuple unpacking as CPython runs it: the value is read once, then each
# target is stored in order, a step when it is shared -- so two threads
# swapping x, y = y, x can leave both equal.  Unpacking a tuple is local
# work; a wrong count raises ValueError.
import threading

x, y = 1, 2
pair = ("p", 3)


def swap():
    global x, y
    x, y = y, x


def split():
    name, n = pair
    return n, name


def seconds(xs):
    return [b for a, b in xs]


def count(xs):
    try:
        a, b = xs
    except ValueError as e:
        return str(e)
    return a + b


threads = [threading.Thread(target=swap) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
n, name = split()
for word, k in (("a", 1), ("b", 2)):
    print(word * k, end=" ")
for i, w in enumerate(["x", "y"], 1):
    print(i, w, end=" ")
print(n, name, count([1, 2]), seconds([(1, 2), (3, 4)]))
print(count([1, 2, 3]))
print(count((1,)))
print(x, y)
