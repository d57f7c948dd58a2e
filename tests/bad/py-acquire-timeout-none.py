import threading

lock = threading.Lock()
lock.acquire(timeout=None)
