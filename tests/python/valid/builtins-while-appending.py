# A builtin reads a shared list while other threads append to it.
# sorted(results) is one step, as in CPython, where the builtin's C loop
# runs holding the GIL: it sees each worker's appends so far, never half
# of one, and the sum of what it saw is the sum of a real moment.
import threading

results = []


def worker(n):
    for i in range(2):
        results.append(n * 10 + i)


threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
for t in threads:
    t.start()
seen = sorted(results)
print(seen, sum(seen))
for t in threads:
    t.join()
print(sum(results), max(results), min(results), len(results))
