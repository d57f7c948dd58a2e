class Counter:
    STEP = 1

    def __init__(self):
        self.count = 0


print(Counter.LIMIT)
