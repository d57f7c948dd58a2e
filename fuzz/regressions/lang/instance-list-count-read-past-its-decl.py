# A list of Thread subclass workers, started and joined in loops over the
# list; main reads each one's result after the joins.
import threading

N = 3


class Worker(threading.Thread):
    deult = self.index * self.index


workers = [Worker(i + 1) for i in range(N)]
for w in workers:
    w.start()
for w in workers:
    w.join()
total = 0
for w in workers:
    total += w.result
print(f"{len(workers)} workers: {workers[0].name} {workers[-1].result}, total {total}")
