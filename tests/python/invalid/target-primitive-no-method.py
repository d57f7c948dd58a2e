# a Lock has no wait(): CPython's Thread() raises AttributeError when the
# target is looked up; lockstep names the Lock's methods
import threading

lock = threading.Lock()
t = threading.Thread(target=lock.wait)
t.start()
t.join()
