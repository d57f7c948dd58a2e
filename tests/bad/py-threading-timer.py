import threading

timer = threading.Timer(1, None)
