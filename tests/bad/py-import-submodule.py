import threading.locks
