# Outside the subset (not yet): a Barrier's action, which CPython runs in
# the last thread to arrive before it lets them all go.
import threading

done = []


def report():
    done.append(len(done))


b = threading.Barrier(2, action=report)
t = threading.Thread(target=b.wait)
t.start()
b.wait()
t.join()
print(done)
