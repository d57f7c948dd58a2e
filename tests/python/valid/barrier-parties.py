# A Barrier's parties: the number it was made with.
import threading

PARTIES = 3
gate = threading.Barrier(PARTIES)
gates = [threading.Barrier(2), threading.Barrier(4)]
arrived = []


def worker(n):
    arrived.append(n)
    gate.wait()


threads = [threading.Thread(target=worker, args=(n,)) for n in range(PARTIES - 1)]
for t in threads:
    t.start()
gate.wait()
for t in threads:
    t.join()
print(gate.parties, len(arrived), gates[1].parties, gate.n_waiting)
