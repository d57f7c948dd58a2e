# wait() on a Condition whose lock is not held raises RuntimeError.
import threading

cond = threading.Condition()


def bad():
    cond.wait()


t = threading.Thread(target=bad)
t.start()
t.join()
print("main continues")
