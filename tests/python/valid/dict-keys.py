# Two threads each store one key of a shared dict: one step each.  The
# dict keeps its keys in the order they were stored.
import threading

seen = {}


def mark(name, n):
    seen[name] = n


threads = [threading.Thread(target=mark, args=(name, n)) for name, n in (("a", 1), ("b", 2))]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(seen)
print(len(seen), seen["a"] + seen["b"])
