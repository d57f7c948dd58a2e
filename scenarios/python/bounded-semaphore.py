"""BoundedSemaphore catches one release too many.

What it shows: a plain Semaphore would quietly count up past its start
value when a thread releases more often than it acquired; a
BoundedSemaphore raises ValueError instead.  The error ends the worker
thread (Python prints "Exception in thread ..."), and the main thread
goes on.
"""
import threading

slots = threading.BoundedSemaphore(1)


def careless():
    slots.acquire()
    print("working")
    slots.release()
    slots.release()


def main():
    t = threading.Thread(target=careless)
    t.start()
    t.join()
    print("main goes on")


if __name__ == "__main__":
    main()
