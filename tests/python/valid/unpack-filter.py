# A comprehension that unpacks its items and filters them: for each item
# CPython unpacks, tests, then appends.
import threading

total = 0


def add_rising():
    global total
    pairs = [(1, 2), (3, 1), (5, 6)]
    sums = [a + b for a, b in pairs if a < b]
    for s in sums:
        total += s


t = threading.Thread(target=add_rising)
t.start()
add_rising()
t.join()
print(total)
