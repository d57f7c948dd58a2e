# get_nowait() on an empty queue raises queue.Empty, put_nowait() on a
# full one queue.Full.
import queue
import threading

box = queue.Queue(maxsize=1)


def fill():
    box.put_nowait("first")
    try:
        box.put_nowait("second")
    except queue.Full:
        print("full")


t = threading.Thread(target=fill)
t.start()
t.join()
print(box.get_nowait())
try:
    box.get_nowait()
except queue.Empty:
    print("empty")
