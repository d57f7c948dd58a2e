# is_alive(): False before start(), True while the thread waits, False
# after join().  While the worker runs freely, the answer depends on the
# schedule: CPython's is_alive() is racy, and so is lockstep's step.
import threading

go = threading.Event()
x = 0


def worker():
    go.wait()


def quick():
    global x
    x = 1


def main():
    w = threading.Thread(target=worker)
    q = threading.Thread(target=quick)
    print("before start:", w.is_alive())
    w.start()
    print("waiting:", w.is_alive())
    go.set()
    w.join()
    print("after join:", w.is_alive())
    q.start()
    print("quick:", q.is_alive())
    q.join()


main()
