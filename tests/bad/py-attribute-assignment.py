import threading

lock = threading.Lock()
lock.owner = "main"
