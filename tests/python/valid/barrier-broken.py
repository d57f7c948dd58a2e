# A barrier for three that only two threads reach: the main thread gives
# up on it with abort(), and the waiter -- whether it arrived before the
# abort or after -- raises BrokenBarrierError; broken and n_waiting say so.
import threading

gate = threading.Barrier(3)


def party():
    try:
        gate.wait()
        print("passed")
    except threading.BrokenBarrierError:
        print("broken barrier")


t = threading.Thread(target=party)
t.start()
gate.abort()
t.join()
print("broken:", gate.broken, "waiting:", gate.n_waiting)
try:
    gate.wait()
except threading.BrokenBarrierError as e:
    print("later wait:", f"{e!r}")
