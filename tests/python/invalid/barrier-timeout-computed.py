# Outside the subset: a Barrier's timeout computed as the program runs
# (lockstep reads a constant number of seconds where the barrier is made).
import threading


def patience():
    return 0


b = threading.Barrier(2, timeout=patience())
try:
    b.wait()
except threading.BrokenBarrierError:
    print("broken")
