class Counter:
    def __init__(self):
        self.count = 0


c = Counter()
print(c.total)
