class Counter:
    def __init__(self):
        self.count = 0
        print("made")


c = Counter()
