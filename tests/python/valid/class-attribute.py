# A class attribute is one variable for every instance: two tellers
# count the tickets they issue into Teller.issued without a lock.
import threading


class Teller:
    issued = 0

    def __init__(self, name):
        self.name = name
        self.mine = 0

    def issue(self):
        Teller.issued += 1
        self.mine += 1


north = Teller("north")
south = Teller("south")


def serve_north():
    north.issue()


def serve_south():
    south.issue()


a = threading.Thread(target=serve_north)
b = threading.Thread(target=serve_south)
a.start()
b.start()
a.join()
b.join()
print(f"{north.name} {north.mine}, {south.name} {south.mine}, issued {Teller.issued}")
