# A loop over a tuple makes, starts and joins one thread an item, in the
# tuple's order (its items are not the threads' indexes).
import threading


def show(n):
    print("item", n)


for n in (2, 0, 1):
    t = threading.Thread(target=show, args=(n,))
    t.start()
    t.join()
