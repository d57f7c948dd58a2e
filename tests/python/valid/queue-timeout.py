# Queue.get(timeout=) raises queue.Empty when nothing comes in time: the
# consumer thread dies of it, and the main thread goes on.
import queue
import threading

q = queue.Queue()


def consumer():
    item = q.get(timeout=0.05)
    print("got", item)


t = threading.Thread(target=consumer)
t.start()
t.join()
q.put(1)
print("size", q.qsize())
