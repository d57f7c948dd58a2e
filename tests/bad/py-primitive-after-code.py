import threading

print("starting")
lock = threading.Lock()
