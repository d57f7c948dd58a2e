"""An instance made in a def that a def called once from main() runs once:
setup()'s own local, passed to the workers as an argument."""
import threading


class Box:
    def __init__(self):
        self.n = 0

    def add(self):
        self.n += 1


def work(b):
    b.add()


def setup():
    box = Box()
    ts = [threading.Thread(target=work, args=(box,)) for i in range(2)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(box.n)


def main():
    setup()


main()
