# A primitive's bound method as a thread's target (or a Timer's
# function): the thread runs lock.acquire(), sem.release(2), q.put(i),
# b.wait(), done.set(), and is named after the method, as CPython names it.
import queue
import threading

lock = threading.Lock()
sem = threading.Semaphore(0)
q = queue.Queue()
b = threading.Barrier(3)
done = threading.Event()

taker = threading.Thread(target=lock.acquire)
taker.start()
taker.join()
print(taker.name, lock.locked())
lock.release()

giver = threading.Thread(target=sem.release, args=(2,))
giver.start()
giver.join()
print(sem.acquire(timeout=0), sem.acquire(timeout=0), sem.acquire(timeout=0))

putters = [threading.Thread(target=q.put, args=(i,)) for i in range(3)]
for t in putters:
    t.start()
for t in putters:
    t.join()
print(sorted([q.get(), q.get(), q.get()]))

waiters = [threading.Thread(target=b.wait) for _ in range(2)]
for t in waiters:
    t.start()
b.wait()
for t in waiters:
    t.join()
print("through the barrier")

t = threading.Timer(0.01, done.set)
t.start()
print(done.wait(), t.name)
t.join()
