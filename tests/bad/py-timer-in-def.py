import threading


def ring():
    print("ring")


def later():
    t = threading.Timer(0.5, ring)
    t.start()


later()

later()
