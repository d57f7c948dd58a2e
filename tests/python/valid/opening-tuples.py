# Tuples and lists inside the module's opening lists and dicts: made
# before the program runs, shared like the list that holds them.
import threading

pairs = [(1, 2), (3, 4), (5, 6)]
limits = {"low": (0, 10), "high": [10, 100]}
sums = []
lock = threading.Lock()


def add(i):
    a, b = pairs[i]
    low, high = limits["low"]
    with lock:
        sums.append(a + b if low <= a + b and a + b < high else -1)


threads = [threading.Thread(target=add, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
limits["high"].append(1000)
print(len(sums), -1 in sums, 3 in sums)
print(pairs[2], limits, [p[0] for p in pairs])
