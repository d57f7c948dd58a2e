# A Barrier's default timeout: a wait() that runs out of time breaks the
# barrier and raises BrokenBarrierError.
import threading

b = threading.Barrier(2, timeout=0.01)
try:
    b.wait()
except threading.BrokenBarrierError:
    print("broken", b.broken)
