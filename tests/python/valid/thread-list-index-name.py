# A list of threads indexed for a name: threads[i].name, and an index past
# the end raises the IndexError of a list, as CPython's does.
import threading

def f():
    pass

ts = [threading.Thread(target=f) for _ in range(2)]
try:
    print(ts[1].name, ts[-2].name)
    print(ts[5].name)
except IndexError as e:
    print(e)
