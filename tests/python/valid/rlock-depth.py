# An RLock taken twice by one thread must be released twice before
# another thread can have it.
import threading

lock = threading.RLock()
order = []


def other():
    with lock:
        order.append("other")


lock.acquire()
lock.acquire()
t = threading.Thread(target=other)
t.start()
order.append("main")
lock.release()
order.append("main again")
lock.release()
t.join()
print(order)
