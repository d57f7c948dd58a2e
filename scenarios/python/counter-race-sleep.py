"""The lost update made visible: a sleep between reading and writing.

What it shows: each thread copies the counter, sleeps a millisecond and
writes back its copy plus one.  The sleep hands the processor to the other
thread right inside the window, so on CPython most runs lose additions;
the outcomes are the same as without the sleep, only far more likely.
"""
import time
from threading import Thread

COUNT = 2
NUM_THREADS = 2
val = 0


def increase():
    global val
    for _ in range(COUNT):
        current = val
        time.sleep(0.001)
        val = current + 1


def main():
    threads = [Thread(target=increase) for _ in range(NUM_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"val = {val}, expected {COUNT * NUM_THREADS}")


if __name__ == "__main__":
    main()
