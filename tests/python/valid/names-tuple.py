# Threads made for each name of a module-level tuple, one after the other.
import threading

NAMES = ("ann", "bob", "cy")


def greet(name):
    print("hi", name)


def main():
    ts = [threading.Thread(target=greet, args=(n,)) for n in NAMES]
    for t in ts:
        t.start()
        t.join()


main()
