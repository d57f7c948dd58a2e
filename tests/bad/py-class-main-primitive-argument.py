import threading


class Box:
    def __init__(self, lock):
        self.n = 0
        self.lock = lock


def main():
    lock = threading.Lock()
    box = Box(lock)
    print(box.n)


main()
