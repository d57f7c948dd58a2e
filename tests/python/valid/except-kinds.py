# The exceptions threading code meets, caught by class, by a base class,
# by a tuple and by Exception; str(e), print(e) and f-strings give
# CPython's text.  A worker's exception, raised in a function it calls,
# is caught by the worker.
import threading
from queue import Empty



def pick(xs, i):
    return xs[i]


def worker():
    items = [1, 2]
    try:
        pick(items, 5)
    except IndexError as e:
        print("index:", e)
    try:
        print(10 // 0)
    except ArithmeticError as e:
        print(f"arith: {e}")
    try:
        raise Empty
    except (ValueError, Empty) as e:
        print("empty:", f"[{e}]")
    try:
        d = {"a": 1}
        print(d["b"])
    except LookupError as e:
        print("key:", e, f"{e!r}")
    try:
        raise RuntimeError("stop " + str(len(items)))
    except Exception as e:
        print(str(e))
    try:
        assert len(items) == 3, "two items"
    except AssertionError as e:
        print("assert:", e)


t = threading.Thread(target=worker)
t.start()
t.join()
print("done")
