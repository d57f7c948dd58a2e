# Condition.wait_for(predicate, timeout) returns the predicate's value:
# False if it still does not hold when the time is up.
import threading

cond = threading.Condition()
count = 0


def ready():
    return count >= 2


def bump():
    global count
    with cond:
        count += 1
        cond.notify_all()


t = threading.Thread(target=bump)
cond.acquire()
t.start()
print("ready:", cond.wait_for(ready, timeout=0.05))
cond.release()
t.join()
