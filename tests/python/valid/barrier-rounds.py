# A barrier used round after round: no thread starts round 2 before every
# thread has left round 1's wait() (it drains first, as CPython's does), so
# after each wait() every thread sees the whole of that round's work.
import threading

ROUNDS = 2
PARTIES = 3
barrier = threading.Barrier(PARTIES)
lock = threading.Lock()
done = [0] * ROUNDS
short = 0


def worker():
    global short
    for r in range(ROUNDS):
        with lock:
            done[r] += 1
        barrier.wait()
        if done[r] != PARTIES:
            short += 1


threads = [threading.Thread(target=worker) for _ in range(PARTIES)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(done, short)
