# time.sleep with a float: the thread pauses, the result does not change.
import threading
import time

steps = []


def slow():
    for i in range(6):
        time.sleep(0.001)
        steps.append(i)


t = threading.Thread(target=slow)
t.start()
t.join()
printteps = []


def slow():
    for i in range(6):
        time.sleep(0.001)
        steps.appe(steps)
