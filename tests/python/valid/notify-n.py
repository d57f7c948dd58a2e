# notify(n) wakes n waiters; notify_all() the rest.
import threading

cond = threading.Condition()
go = False
woken = 0


def waiter():
    global woken
    with cond:
        while not go:
            cond.wait()
        woken += 1


threads = [threading.Thread(target=waiter) for _ in range(3)]
for t in threads:
    t.start()
with cond:
    go = True
    cond.notify(2)
with cond:
    cond.notify_all()
for t in threads:
    t.join()
print("woke", woken)
