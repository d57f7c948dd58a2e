"""The lost update: two threads add to a global counter with no lock.

What it shows: `val += 1` is a read of val, an addition and a write of
val: two steps another thread can come between.  When both threads read
the same value, one addition is lost, so the total can fall short of
COUNT * NUM_THREADS.  CPython seldom switches threads in so short a loop,
so it nearly always prints 4; lockstep shows the schedules that lose one
or two additions.
"""
from threading import Thread

COUNT = 2
NUM_THREADS = 2
val = 0


def increase():
    global val
    for _ in range(COUNT):
        val += 1


def main():
    threads = [Thread(target=increase) for _ in range(NUM_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"val = {val}, expected {COUNT * NUM_THREADS}")


if __name__ == "__main__":
    main()
