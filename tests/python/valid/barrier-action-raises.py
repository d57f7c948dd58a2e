# A Barrier's action that raises: the last thread to arrive breaks the
# barrier and raises the action's exception; the others raise
# BrokenBarrierError.
import threading

results = {}


def check():
    raise ValueError("the round went wrong")


def party(name):
    try:
        b.wait()
        results[name] = "passed"
    except threading.BrokenBarrierError:
        results[name] = "broken"
    except ValueError as e:
        results[name] = f"ran the action: {e}"


b = threading.Barrier(2, action=check)
t = threading.Thread(target=party, args=("ann",))
t.start()
party("main")
t.join()
print(results["ann"], "/", results["main"], "/", b.broken)
