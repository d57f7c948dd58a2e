# Condition.wait(timeout) returns False when no notify comes in time; it
# holds the lock again either way.
import threading

cond = threading.Condition()
items = []


def consumer():
    with cond:
        if not items:
            got = cond.wait(0.05)
            print("notified:", got)
        print("items:", len(items))


def producer():
    with cond:
        items.append(1)
        cond.notify()


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
