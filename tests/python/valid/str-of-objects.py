# str(), f-strings and .format() of lists, tuples and dicts write what
# print() writes for them, as CPython does (not None); a format spec is a
# TypeError, as list.__format__ takes none.
import threading

items = [1, 2]
pair = (3, "b")
lock = threading.Lock()
label = str(items)


def add(n):
    with lock:
        items.append(n)
        print(f"after {n}: {items}", "{} {}".format(pair, {"k": n}))


threads = [threading.Thread(target=add, args=(i,)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(label, str(items) + "!", f"{items!r}", str((7,)), str({}))
try:
    print(f"{items:>9}")
except TypeError as e:
    print(e)
