# main reads the opening list with builtins that change no object, then
# loops over it making a thread an item: the loop still knows its items
import threading

ids = [3, 1, 2]
totals = {"a": 1, "b": 2}
done = []

def work(i):
    done.append(i)

print("ids", sum(ids), min(ids), max(ids), abs(-2), any(ids), all(ids))
print(sorted(ids), list(ids), tuple(ids), int("7"), sorted(totals.keys()),
      list(totals.values()), len(totals.items()))
threads = []
for i in ids:
    t = threading.Thread(target=work, args=(i,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print(sorted(done))
