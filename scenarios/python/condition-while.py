"""Producer and consumers on a Condition, checked with `while` (the fix).

What it shows: the same program as condition-if.py with `while` for
`if`: a woken consumer looks at the list again before it pops, and waits
again if the other consumer took the item first.  Every schedule ends
with each consumer holding one item.
"""
import threading

items = []
cond = threading.Condition()


def consumer(name):
    with cond:
        while not items:
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
