class Counter:
    def __init__(self):
        self.count = 0


counters = []
for i in range(3):
    counters.append(Counter())
