# A list of Thread subclass instances over range(N), N a module constant
# declared before another one: lockstep reads N's value, not the next name.
import threading

N = 3
SCALE = 10


class Worker(threading.Thread):
    def __init__(self, k):
        super().__init__()
        self.k = k
        self.result = 0

    def run(self):
        self.result = self.k * SCALE


workers = [Worker(i) for i in range(N)]
for w in workers:
    w.start()
for w in workers:
    w.join()
total = 0
for w in workers:
    total += w.result
print(f"{len(workers)} workers, total {total}")
