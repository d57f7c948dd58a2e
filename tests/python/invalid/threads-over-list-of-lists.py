# Threads over an opening list of lists: each thread appends to its own row,
# which is the very list in rows, so a copy would not do.
import threading

rows = [[1, 2], [3]]

def f(r):
    r.append(0)

ts = [threading.Thread(target=f, args=(r,)) for r in rows]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(rows)
