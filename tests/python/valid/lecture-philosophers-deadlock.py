# Dining philosophers, the naive way: each picks up the left fork, then
# the right.  If all pick up their left fork at once, each waits forever
# for the right one: a deadlock that a run rarely shows and explore finds.
import threading

N = 3
forks = [threading.Lock() for _ in range(N)]
meals = [0] * N


def philosopher(i):
    with forks[i]:
        with forks[(i + 1) % N]:
            meals[i] += 1


threads = [threading.Thread(target=philosopher, args=(i,)) for i in range(N)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("meals:", meals)
