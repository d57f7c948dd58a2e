import threading
TIMEOUT = 0.5
lock = threading.Lock()
print(lock.acquire(timeout=TIMEOUT), TIMEOUT)
