import threading


class Box:
    def __init__(self):
        self.n = 0


def main():
    print(box)
    box = Box()
    print(box.n)


main()
