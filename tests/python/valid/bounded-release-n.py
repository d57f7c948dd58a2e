# BoundedSemaphore.release(n) past the initial value raises ValueError
# and changes nothing; release(n) within it wakes that many waiters.
import threading

slots = threading.BoundedSemaphore(2)


def take_both():
    slots.acquire()
    slots.acquire()
    print("took both")


t = threading.Thread(target=take_both)
t.start()
t.join()
try:
    slots.release(3)
except ValueError as e:
    print("ValueError:", e)
slots.release(2)
print("free again:", slots.acquire(blocking=False))
