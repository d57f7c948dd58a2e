class Counter:
    def __init__(self):
        self.count = 0


counters = [Counter() for i in range(3)]
