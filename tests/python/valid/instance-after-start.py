# A Thread subclass made after another thread has started (the lecture's
# CountdownThread, two of them): no running thread can name the second
# before main makes it, so its __init__ may run then.
import threading
import time


class CountdownThread(threading.Thread):
    def __init__(self, n):
        super().__init__()
        self.n = n

    def run(self):
        while self.n > 0:
            self.n -= 1
            time.sleep(0.001)


t1 = CountdownThread(2)
t1.start()
t2 = CountdownThread(1)
t2.start()
t1.join()
t2.join()
print(t1.name, t1.n, t2.name, t2.n)
