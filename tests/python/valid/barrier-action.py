# A Barrier's action: CPython runs it in the last thread to arrive, before
# it lets them all go, so it runs once a round, with every party waiting.
import threading

done = []


def report():
    done.append(b.n_waiting)


def party():
    b.wait()


b = threading.Barrier(2, action=report)
t = threading.Thread(target=party)
t.start()
b.wait()
t.join()
print(done)
