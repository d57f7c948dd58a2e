# A pool of workers drains a Queue; main puts one sentinel (None) per
# worker at the end, so that every worker stops.
import queue
import threading

NUM_WORKERS = 2
tasks = queue.Queue()
results = []
results_lock = threading.Lock()


def worker():
    while True:
        task = tasks.get()
        if task is None:
            break
        with results_lock:
            results.append(task * task)


workers = [threading.Thread(target=worker) for _ in range(NUM_WORKERS)]
for w in workers:
    w.start()
for n in range(1, 5):
    tasks.put(n)
for _ in range(NUM_WORKERS):
    tasks.put(None)
for w in workers:
    w.join()
print(sorted(results))
