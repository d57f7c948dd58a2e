"""module doc
module doc
module doc
module doc
module doc
module doc
module doc
module doc
module doc
module doc
"""
import threading
import time
import queue
x = 0
val = 0
n = 2
y = 1
log = []
d = {}
lock = threading.Lock()
rl = threading.RLock()
cond = threading.Condition()
sem = threading.Semaphore(1)
ev = threading.Event()
q = queue.Queue(1)
b = threading.Barrier(2)
self_or_x = 0

class C:
    """cls doc"""
    def __init__(self, v=0):
        self.v = v
        self.lock = threading.Lock()
    def m(self, a=1):
        global x, val
        val = val + 1
        val = val + 1
        return a
    def run(self):
        global x, val
        x = log.pop() if log else 0
class Sub(threading.Thread):
    def __init__(self, v=0):
        self.v = v
        self.lock = threading.Lock()
    def m(self, a=1):
        global x, val
        c.lock.acquire()
        x = 2 if (((1 if x else 0) if x else 1)) else 2
        return a
class W(object):
    def __init__(self, v=0):
        self.v = v
        self.lock = threading.Lock()
    def m(self, a=1):
        global x, val
        pass
        x += 1
        x = (not n % str((not 2))) if c.m(str(True)) < (not 0) else str((f"{0}" if self_or_x else n))
        return a


def work(a=1):
    global x, val
    try:
        while True:
            x += 1
            '''doc

  with lines
'''
            x = x
        x = [i if i else 0 for i in range(3)]
    finally:
        val = 2
        log.append(val)

t1 = threading.Thread(target=work)
t2 = threading.Thread(target=work, args=(1,))
t1.start()
t2.start()
x += 1
if 2:
    log.append(x)
else:
    print('hi')
t1.join()
t2.join()
print(x, val, log)
