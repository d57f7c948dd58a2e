# A Barrier's action runs holding the barrier's own lock (CPython's
# Condition(Lock())), so an action that calls abort() on its barrier
# waits for itself for ever: a deadlock.
import threading


def give_up():
    print("aborting")
    b.abort()


b = threading.Barrier(1, action=give_up)
b.wait()
print("never printed")
