# A pipeline object holding a bounded Queue sized by a class attribute read
# through self in __init__, an Event, a Barrier and a Semaphore: each a
# static primitive named p.q, p.done, p.gate, p.sem.
import threading
import queue


class Pipeline:
    SLOTS = 2

    def __init__(self):
        self.q = queue.Queue(self.SLOTS)
        self.done = threading.Event()
        self.gate = threading.Barrier(2)
        self.sem = threading.Semaphore(Pipeline.SLOTS)
        self.got = []

    def produce(self):
        self.gate.wait()
        for i in range(3):
            with self.sem:
                self.q.put(i)
        self.done.set()

    def consume(self):
        self.gate.wait()
        for _ in range(3):
            self.got.append(self.q.get())
        self.done.wait()


p = Pipeline()


def producer():
    p.produce()


def consumer():
    p.consume()


a = threading.Thread(target=producer)
b = threading.Thread(target=consumer)
a.start()
b.start()
a.join()
b.join()
print(p.got, p.q.qsize(), p.done.is_set())
