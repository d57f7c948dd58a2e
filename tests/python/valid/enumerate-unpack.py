# enumerate() in a comprehension and nested tuple targets, in loops,
# comprehensions and assignments, over a shared list that threads fill
# (in any order: what is printed does not depend on it).
import threading

pairs = []
lock = threading.Lock()


def add(a, b):
    with lock:
        pairs.append((a, (b, a * b)))


threads = [threading.Thread(target=add, args=(n, n + 1)) for n in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
total = 0
for i, (a, (b, product)) in enumerate(pairs):
    total += i
    print(a + b == 2 * a + 1, product == a * b)
print(total)
firsts = [a for (a, rest) in pairs]
print(len(firsts), [n * 10 + len(x) for n, x in enumerate(["x", "yy"], 1)])
(p, q), r = pairs[0][1], len(pairs)
print(q == p * pairs[0][0] or q == p * (p - 1), r)
