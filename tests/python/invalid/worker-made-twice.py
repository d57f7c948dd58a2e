# Two workers run one def that makes a thread: lockstep reads a def's
# Thread objects only where it certainly runs once.
import threading

count = [0]


def add():
    count.append(1)


def spawner():
    threading.Thread(target=add).start()


workers = [threading.Thread(target=spawner) for _ in range(2)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print("spawned")
