class Counter:
    def __init__(self):
        self.count = 0

    def add(self):
        self.total += 1


c = Counter()
c.add()
