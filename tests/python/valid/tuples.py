# Tuples: made, unpacked and passed as args.
import threading

pairs = [(1, 2), (3, 4)]
sums = []


def add_pair(pair):
    a, b = pair
    sums.append(a + b)


for p in pairs:
    t = threading.Thread(target=add_pair, args=(p,))
    t.start()
    t.join()
print(sums, pairs[1][0])
