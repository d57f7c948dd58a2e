# Lists that no thread writes, of values and of Locks, indexed as Python
# indexes them: a negative index counts from the end (the philosopher at
# seat 0 takes forks[0 - 1], the last fork), and an index out of range
# raises IndexError when it runs, with CPython's words, which a try
# catches.
import threading

seats = [10, 20, 30]
forks = [threading.Lock() for _ in range(3)]
slots = [0] * 3


def dine(seat):
    with forks[seat - 1]:
        with forks[seat]:
            print(seat, seats[seat - 1], seats[-3])


t = threading.Thread(target=dine, args=(0,))
t.start()
t.join()
slots[-1] = 5
print(slots[2], slots[-3])
try:
    print(seats[3])
except IndexError as e:
    print("caught:", e)
try:
    slots[3] = 1
except IndexError as e:
    print("caught:", e)
print(seats[-4])
