import threading


class Counter:
    def __init__(self):
        self.count = 0


def work():
    print(c.count)


t = threading.Thread(target=work)
t.start()
c = Counter()
t.join()
