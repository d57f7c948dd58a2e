# Exception classes of the program's own: one derived from another, each
# caught by its name and by a base, str() and repr(), and one that ends a
# thread with CPython's report.
import threading


class QueueClosed(Exception):
    """The queue takes no more items."""


class Drained(QueueClosed):
    pass


class Empty(LookupError):
    pass


def take(n):
    if n == 0:
        raise Empty
    if n == 1:
        raise QueueClosed("closed")
    raise Drained(f"drained after {n}")


for n in range(3):
    try:
        take(n)
    except Drained as e:
        print("drained:", e, f"{e!r}")
    except QueueClosed as e:
        print("closed:", str(e), f"{e!r}")
    except LookupError as e:
        print(f"lookup: {e!r}", str(e) == "")
for n in (1, 2):
    try:
        take(n)
    except Exception as e:
        print("base:", e)
try:
    take(2)
except (ValueError, QueueClosed) as e:
    print("tuple:", e)
t = threading.Thread(target=take, args=(1,))
t.start()
t.join()
print("main goes on")
