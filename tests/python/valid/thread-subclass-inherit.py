# A Thread subclass derived in turn: Base.__init__(self, ...) names the
# thread, and the derived step() calls the base's twice through super().
import threading

log = []


class Worker(threading.Thread):
    def __init__(self, label):
        super().__init__(name=label)
        self.count = 0

    def step(self):
        self.count += 1
        log.append(self.name)

    def run(self):
        self.step()


class Twice(Worker):
    def __init__(self, label):
        Worker.__init__(self, label + "2")
        self.extra = 1

    def step(self):
        super().step()
        super().step()


w = Worker("one")
t = Twice("two")
w.start()
t.start()
w.join()
t.join()
print(w.count, t.count, t.extra, len(log), t.name)
