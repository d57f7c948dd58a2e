# Lock.locked() and acquire(blocking=False).
import threading

lock = threading.Lock()
print(lock.locked())
lock.acquire()
print(lock.locked(), lock.acquire(blocking=False))
lock.release()
print(lock.acquire(False))
lock.release()
