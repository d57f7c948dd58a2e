# Semaphore.release(n) lets n waiting threads through at once.
import threading

gate = threading.Semaphore(0)
passed = []


def wait_at_gate(i):
    gate.acquire()
    passed.append(i)


threads = [threading.Thread(target=wait_at_gate, args=(i,)) for i in range(3)]
for t in threads:
    t.start()
gate.release(3)
for t in threads:
    t.join()
print(len(passed), "through")
