"""A lock passed in

The lecture's taskofThread: the module's lock is passed to each thread
as an argument, and every update of x is made under it."""
import threading

x = 0
lock = threading.Lock()


def increment_global():
    global x
    x += 1


def task_of_thread(lock, times):
    for _ in range(times):
        lock.acquire()
        increment_global()
        lock.release()


if __name__ == "__main__":
    t1 = threading.Thread(target=task_of_thread, args=(lock, 2))
    t2 = threading.Thread(target=task_of_thread, args=(lock, 2))
    t1.start()
    t2.start()
    t1.join()
    t2.join()
    print("x = {0}".format(x))
