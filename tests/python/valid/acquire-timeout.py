# acquire(timeout=) gives up on a lock that stays held: it returns False.
import threading

lock = threading.Lock()


def impatient():
    got = lock.acquire(timeout=0.01)
    print("got the lock:", got)


lock.acquire()
t = threading.Thread(target=impatient)
t.start()
t.join()
lock.release()
