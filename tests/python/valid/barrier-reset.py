# Barrier.reset() mends a broken barrier: with nobody in wait() it is
# as it was made.
import threading

b = threading.Barrier(2)
b.abort()
print(b.broken)
b.reset()
print(b.broken, b.n_waiting)
