class Counter:
    def __init__(self, start):
        self.count = start


n = 1
print(n)
n = 2
c = Counter(n)
