"""Deadlock by lock order.

What it shows: one thread takes `first` then `second`, the other `second`
then `first`.  If each gets its first lock before the other asks for it,
each waits for the lock the other holds, forever.  The sleep while
holding one lock makes that the usual ending on CPython.  The fix is one
order for everybody.
"""
import threading
import time

first = threading.Lock()
second = threading.Lock()


def one():
    with first:
        time.sleep(0.001)
        with second:
            print("one has both")


def two():
    with second:
        time.sleep(0.001)
        with first:
            print("two has both")


def main():
    threads = [threading.Thread(target=one), threading.Thread(target=two)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("no deadlock this time")


if __name__ == "__main__":
    main()
