import time

lock = threading.Lock()
