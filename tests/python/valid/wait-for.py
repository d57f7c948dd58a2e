# Condition.wait_for(predicate) waits until a function says yes; the
# predicate is a function defined with def.
import threading

cond = threading.Condition()
count = 0


def enough():
    return count >= 2


def add():
    global count
    with cond:
        count += 1
        cond.notify_all()


def watch():
    with cond:
        cond.wait_for(enough)
        print("count reached", count)


watcher = threading.Thread(target=watch)
watcher.start()
adders = [threading.Thread(target=add) for _ in range(2)]
for a in adders:
    a.start()
for a in adders:
    a.join()
watcher.join()
