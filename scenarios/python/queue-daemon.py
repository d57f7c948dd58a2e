"""A Queue with a daemon consumer.

What it shows: the consumer loops forever on get(), so it never ends by
itself; as a daemon thread it does not keep the program alive.  The main
thread puts the work in and waits with join() until task_done() was
called for every item, then exits, and the daemon is stopped where it
waits for the next item.
"""
import queue
import threading

tasks = queue.Queue()


def consumer():
    while True:
        n = tasks.get()
        print(f"{n} squared is {n * n}")
        tasks.task_done()


def main():
    threading.Thread(target=consumer, daemon=True).start()
    for n in (2, 3):
        tasks.put(n)
    tasks.join()
    print("all tasks done")


if __name__ == "__main__":
    main()
