"""A comprehension's if filter: in the opening lists, in a thread's own
code, and in a list of threads whose filter is known when they are made."""
import threading

squares = [n * n for n in range(6)]
odd = [n for n in range(6) if n % 2]
none = [n for n in range(3) if n > 5]
evens = [n for n in squares if n % 2 == 0]
done = []


def work(i):
    big = [x * 10 for x in squares if x > i]
    done.append(len(big))


threads = [threading.Thread(target=work, args=(i,)) for i in range(3) if i != 1]
for t in threads:
    t.start()
for t in threads:
    t.join()
total = 0
for d in done:
    total += d
print(squares, odd, none, evens, len(done), total)
