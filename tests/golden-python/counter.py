"""Three increments under a lock, made by the main thread alone."""
import threading
import time
from threading import Semaphore as Sem

COUNT = 3
counter = 0
lock = threading.Lock()
slots = Sem(2)

if __name__ == "__main__":
    for thread in range(COUNT):
        with lock:
            counter += 1
            print(f"step {thread}: counter = {counter:>2}")
        time.sleep(0.001)
    with slots:
        total = counter
    print("total", total, sep=": ", end=".\n")
    print("{0} of {1} {2!r}".format(total, COUNT, "done"))
    assert counter == COUNT, f"lost {COUNT - counter}"
