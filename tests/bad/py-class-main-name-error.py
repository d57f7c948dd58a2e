import threading


class Box:
    def __init__(self):
        self.n = 0


def work():
    box.n += 1


def main():
    box = Box()
    t = threading.Thread(target=work)
    t.start()
    t.join()
    print(box.n)


main()
