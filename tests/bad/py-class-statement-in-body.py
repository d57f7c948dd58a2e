class Counter:
    print("hi")

    def __init__(self):
        self.count = 0
