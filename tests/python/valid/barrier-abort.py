# Barrier.abort() breaks the barrier: every waiter, and every later
# wait(), raises BrokenBarrierError, which the threads catch.
import threading

barrier = threading.Barrier(3)


def party(name):
    try:
        barrier.wait()
        print(f"{name} passed")
    except threading.BrokenBarrierError:
        print(f"{name} saw a broken barrier")


threads = [threading.Thread(target=party, args=(name,)) for name in ("ann", "bob")]
for t in threads:
    t.start()
barrier.abort()
for t in threads:
    t.join()
print("broken:", barrier.broken)
