# Semaphore.acquire(timeout=) gives up when no permit comes in time, and
# blocking=False never waits.
import threading

slots = threading.Semaphore(1)
print("first:", slots.acquire(timeout=0.01))
print("second:", slots.acquire(timeout=0.01))
print("third:", slots.acquire(blocking=False))
slots.release()
print("fourth:", slots.acquire(False))
