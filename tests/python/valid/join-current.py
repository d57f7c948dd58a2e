# A thread cannot join itself: RuntimeError.
import threading

print("joining myself")
threading.current_thread().join()
