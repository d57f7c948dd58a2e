class Counter:
    def __init__(self, start):
        self.count = start


c = Counter()
