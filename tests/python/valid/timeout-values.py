# Timeouts held in names: a constant of the module with a fraction, an int
# in a local; and a timeout too long for CPython's clock (OverflowError
# where CPython raises it: Event.wait only when it would wait; its text
# differs between CPython 3.11 releases, so only the class is printed;
# an int's text is the same in all of them).
import threading
import time

TIMEOUT = 0.05
PAUSE = 0.001
HUGE = 1e300
lock = threading.Lock()
ready = threading.Event()
said = []


def worker(patience):
    seconds = patience
    if lock.acquire(timeout=seconds):
        said.append("got it")
        lock.release()
    else:
        said.append("gave up")
    ready.set()


def ring():
    said.append("ring")


lock.acquire()
t = threading.Thread(target=worker, args=(1,))
t.start()
time.sleep(PAUSE)
lock.release()
t.join()
print(said, ready.wait(TIMEOUT))
print(ready.wait(HUGE))
ready.clear()
try:
    ready.wait(HUGE)
except OverflowError:
    print("OverflowError")
try:
    lock.acquire(timeout=HUGE)
except OverflowError:
    print("OverflowError", lock.locked())
try:
    lock.acquire(timeout=10000000000)
except OverflowError as e:
    print("int:", e)
timer = threading.Timer(TIMEOUT, ring)
timer.start()
timer.join()
print(said[-1])
