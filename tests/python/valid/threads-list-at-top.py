# The lecture's list of threads made empty among the opening assignments,
# then filled by the loop that starts them, and joined one by one.
import threading

counter = 0
lock = threading.Lock()
threads = []


def worker(n):
    global counter
    with lock:
        counter += n


for i in range(3):
    t = threading.Thread(target=worker, args=(i + 1,))
    threads.append(t)
    t.start()
for t in threads:
    t.join()
print(counter)
