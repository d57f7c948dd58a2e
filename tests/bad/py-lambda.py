import threading

ready = False
cond = threading.Condition()
with cond:
    cond.wait_for(lambda: ready)
