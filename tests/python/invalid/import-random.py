# Outside the subset: random sleeps, which lecture code uses to vary the
# interleaving (what lockstep's schedules do).
import random
import threading
import time


def worker():
    time.sleep(random.randint(1, 3) // 1000)
    print("done")


t = threading.Thread(target=worker)
t.start()
t.join()
