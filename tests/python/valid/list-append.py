# Two threads append to one list: append is one step, so nothing is lost,
# but the order is the schedule's.
import threading

items = []


def put(x):
    items.append(x)


threads = [threading.Thread(target=put, args=(x,)) for x in (1, 2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(items, len(items))
