import threading


class Counter:
    def __init__(self):
        self.count = 0

    def add(self):
        self.count += 1


c = Counter()
f = c.add
f()
