# cond.notify as a thread's target: the thread does not hold the
# Condition's lock, so notify() raises in it, and the program goes on
import threading

cond = threading.Condition()
t = threading.Thread(target=cond.notify)
t.start()
t.join()
with cond:
    cond.notify()
print("main notified under the lock")
