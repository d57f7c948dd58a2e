# Releasing a Lock nobody holds raises RuntimeError.
import threading

lock = threading.Lock()
print("releasing")
lock.release()
