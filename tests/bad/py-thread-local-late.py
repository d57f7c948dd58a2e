import threading

print("start")
mine = threading.local()
mine.x = 1
