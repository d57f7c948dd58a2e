# Outside the subset (not yet): a Barrier's default timeout, which breaks
# it when a wait runs out of time.
import threading

b = threading.Barrier(2, timeout=0.01)
try:
    b.wait()
except threading.BrokenBarrierError:
    print("broken", b.broken)
