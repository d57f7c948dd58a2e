# Two threads take two locks in opposite orders, the second with a
# timeout: one may give up, but the program never deadlocks.
import threading

first = threading.Lock()
second = threading.Lock()


def forwards():
    with first:
        if second.acquire(timeout=0.05):
            print("forwards got both")
            second.release()
        else:
            print("forwards gave up")


def backwards():
    with second:
        if first.acquire(timeout=0.05):
            print("backwards got both")
            first.release()
        else:
            print("backwards gave up")


a = threading.Thread(target=forwards)
b = threading.Thread(target=backwards)
a.start()
b.start()
a.join()
b.join()
print("done")
