import threading
N = 3
M = 0


class W(threading.Thread):
    def run(self):
        pass


ws = [W() for i in range(N)]
for w in ws:
    w.start()
for w in ws:
    w.join()
print(M)
