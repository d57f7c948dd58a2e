# The lecture's daemon workers, made and started in one statement in a
# loop: Thread(target=worker, daemon=True).start(); q.join() waits for
# every task_done().
import threading
import queue

q = queue.Queue()
total = 0
lock = threading.Lock()


def worker():
    global total
    while True:
        item = q.get()
        with lock:
            total += item
        q.task_done()


for _ in range(2):
    threading.Thread(target=worker, daemon=True).start()
for i in range(3):
    q.put(i)
q.join()
print("total", total)
