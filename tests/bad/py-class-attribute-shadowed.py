class Counter:
    STEP = 1

    def __init__(self):
        self.count = 0

    def faster(self):
        self.STEP = 2


c = Counter()
c.faster()
