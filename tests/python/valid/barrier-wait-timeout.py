# wait(timeout=) at a Barrier: a party that runs out of time before the
# other arrives breaks the barrier, and the other then raises too; once
# both have arrived nobody can time out any more.
import threading

barrier = threading.Barrier(2)
results = {}


def party(name):
    try:
        barrier.wait(timeout=0.5)
        results[name] = "passed"
    except threading.BrokenBarrierError:
        results[name] = "broken"


t = threading.Thread(target=party, args=("ann",))
t.start()
party("main")
t.join()
print(results["ann"], results["main"], barrier.broken)
