import threading

lock = threading.SpinLock()
