# A plain Lock taken twice by the same thread waits for itself: a deadlock.
import threading

lock = threading.Lock()


def twice():
    lock.acquire()
    print("about to take it again")
    lock.acquire()
    print("never printed")


t = threading.Thread(target=twice)
t.start()
t.join()
