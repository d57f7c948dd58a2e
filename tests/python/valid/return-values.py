# A worker keeps a function's return value in a shared list, by index.
import threading

results = [0, 0]


def square(n):
    return n * n


def worker(i):
    results[i] = square(i + 2)


threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(results)
