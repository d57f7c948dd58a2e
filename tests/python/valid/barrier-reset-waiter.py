# Barrier.reset() with a thread inside wait(): that thread raises
# BrokenBarrierError, and a thread arriving before it has left waits (the
# barrier is resetting, as CPython's _enter waits); then the barrier works
# again for a round of both.
import threading
import time

barrier = threading.Barrier(2)


def party():
    try:
        barrier.wait()
        print("first round passed")
    except threading.BrokenBarrierError:
        print("reset while waiting")
    barrier.wait()
    print("second round passed")


t = threading.Thread(target=party)
t.start()
while barrier.n_waiting < 1:
    time.sleep(0.001)
barrier.reset()
barrier.wait()
t.join()
print("broken:", barrier.broken, "waiting:", barrier.n_waiting)
