# A timed wait at a Barrier with an action: once the last party has
# arrived and runs the action, the waiter's timeout no longer counts (in
# CPython it would need the barrier's lock, and would then find the round
# released), so both pass, or the waiter ran out of time before the other
# arrived and both break.
import threading

results = {}
actions = 0


def act():
    global actions
    actions += 1


def party(name):
    try:
        barrier.wait(timeout=0.5)
        results[name] = "passed"
    except threading.BrokenBarrierError:
        results[name] = "broken"


barrier = threading.Barrier(2, action=act)
t = threading.Thread(target=party, args=("ann",))
t.start()
party("main")
t.join()
print(results["ann"], results["main"], actions)
