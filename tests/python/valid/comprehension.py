# List comprehensions, for the threads and for the data.
import threading

squares = [n * n for n in range(4)]
evens = [n for n in squares if n % 2 == 0]
done = []


def note(n):
    done.append(n)


threads = [threading.Thread(target=note, args=(n,)) for n in evens]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(squares, evens, len(done))
