# Lecture style: threads fill a shared list and a shared dict, main joins
# them and prints the results with Python's builtins.  Every schedule
# prints the same: the builtins read the finished objects.
import threading

results = []
scores = {}


def worker(n):
    results.append(n * n)
    scores[f"w{n}"] = n


threads = [threading.Thread(target=worker, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sum(results), min(results), max(results), len(results))
print(sorted(results), sorted(results, reverse=True), abs(-len(results)))
print(sorted(scores.items()))
print(sum(scores.values()), sorted(scores.keys()), sorted(scores))
print(any(results), all(results), max(3, 9, 4), min("b", "a"))
total = 0
for name, n in sorted(scores.items()):
    total += n
print(total, tuple(sorted(results)), sum(results, 10), list(sorted(results)) == sorted(results))
