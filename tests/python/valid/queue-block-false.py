# put(block=False) and get(block=False) raise queue.Full and queue.Empty,
# as put_nowait() and get_nowait() do; caught as Full and Empty.
import queue
import threading
from queue import Empty, Full

q = queue.Queue(maxsize=1)


def producer():
    try:
        q.put(1, block=False)
        q.put(2, False)
    except Full:
        print("full")


def consumer():
    for _ in range(2):
        try:
            print("got", q.get(block=False))
        except Empty as e:
            print("empty", f"{e!r}", f"[{e}]")


p = threading.Thread(target=producer)
c = threading.Thread(target=consumer)
p.start()
p.join()
c.start()
c.join()
print("size", q.qsize())
