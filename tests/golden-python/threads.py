"""Threads from a list

The lecture's global counter race: two Thread objects made in a list
comprehension, started and joined in loops; each adds 1 to val twice."""
from threading import Thread

val = 0
COUNT = 2
NUM_THREADS = 2


def increase():
    global val
    for _ in range(COUNT):
        val += 1


if __name__ == "__main__":
    threads = [Thread(target=increase) for _ in range(NUM_THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"val = {val}")
