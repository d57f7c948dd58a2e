# Outside the subset (not yet): Barrier.reset().
import threading

b = threading.Barrier(2)
b.abort()
b.reset()
print(b.broken)
