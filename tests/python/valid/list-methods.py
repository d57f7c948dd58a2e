# The list methods of the subset, in one thread: insert, pop, remove,
# index, `in`, len and iteration.
import threading

values = [3, 1, 2]


def shuffle():
    values.insert(0, 7)
    values.remove(1)
    last = values.pop()
    values.append(last * 10)
    print(values, values[1], 2 in values, len(values))
    for v in values:
        if v > 5:
            print("big", v)


t = threading.Thread(target=shuffle)
t.start()
t.join()
