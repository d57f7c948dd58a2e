# finally runs whether or not the block raised; the lock is always let go.
import threading

lock = threading.Lock()


def risky(n):
    lock.acquire()
    try:
        if n == 0:
            raise ValueError("zero")
        print("fine", n)
    finally:
        lock.release()


def careful(n):
    try:
        risky(n)
    except ValueError as e:
        print("caught", e)


for n in (1, 0):
    t = threading.Thread(target=careful, args=(n,))
    t.start()
    t.join()
print("locked at the end:", lock.locked())
