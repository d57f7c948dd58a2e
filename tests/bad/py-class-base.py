import threading


class Counter(dict):
    def __init__(self):
        self.count = 0
