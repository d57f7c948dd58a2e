class Counter(object):
    def __init__(self):
        self.count = 0

    def add(self):
        super().add()


c = Counter()
c.add()
