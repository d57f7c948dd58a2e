import threading


class Counter:
    def __init__(self):
        self.count = 0


def make():
    return Counter()


c = make()
