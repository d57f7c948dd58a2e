# Reading t.daemon: from daemon=, from t.daemon = True before start(),
# and a daemon's flag seen from main after the others are joined.
import threading
import time


def work(n):
    time.sleep(0.001)


def tick():
    while True:
        time.sleep(0.01)


workers = [threading.Thread(target=work, args=(i,)) for i in range(2)]
ticker = threading.Thread(target=tick)
print(ticker.daemon)
ticker.daemon = True
print(ticker.daemon)
ticker.start()
for t in workers:
    t.start()
for t in workers:
    t.join()
    print(t.name, t.daemon)
