import threading


class Teller:
    def __init__(self):
        self.issued = 0

    def issue(self):
        self.issued += 1


north = Teller()
south = Teller()


def serve(teller):
    teller.issue()


a = threading.Thread(target=serve, args=(north,))
b = threading.Thread(target=serve, args=(None,))
