"""Producer and consumers on a Condition, checked with `if` (the bug).

What it shows: a consumer that finds the list empty waits to be
notified.  But being notified only means "an item came", not "the item is
still there": between the notify and the moment the woken consumer holds
the lock again, the other consumer can take the item.  With `if` the woken
consumer does not look again and pops from an empty list: IndexError.
condition-while.py is the fix.
"""
import threading

items = []
cond = threading.Condition()


def consumer(name):
    with cond:
        if not items:
            cond.wait()
        item = items.pop()
    print(f"{name} got {item}")


def producer():
    for i in range(2):
        with cond:
            items.append(i)
            cond.notify()


def main():
    threads = [threading.Thread(target=consumer, args=(name,)) for name in ("c1", "c2")]
    threads.append(threading.Thread(target=producer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("done")


if __name__ == "__main__":
    main()
