# A worker thread that starts and joins threads of its own: CPython numbers
# them after the worker's own, when the worker makes them.
import threading

lock = threading.Lock()
names = []


def leaf(n):
    with lock:
        names.append(n)


def boss(label):
    helpers = [threading.Thread(target=leaf, args=(10 + i,)) for i in range(2)]
    for h in helpers:
        h.start()
    for h in helpers:
        h.join()
    print(threading.current_thread().name, "joined its", label)


other = threading.Thread(target=leaf, args=(0,))
worker = threading.Thread(target=boss, args=("helpers",))
other.start()
worker.start()
worker.join()
other.join()
print(len(names), 10 in names, 11 in names)
