# A Queue(maxsize=1) between a producer and a consumer: put() waits for
# room, get() for an item, and the items come out in order.
import queue
import threading

q = queue.Queue(maxsize=1)


def produce():
    for i in range(3):
        q.put(i)


def consume():
    for _ in range(3):
        print("got", q.get())


threads = [threading.Thread(target=produce), threading.Thread(target=consume)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("empty:", q.empty())
