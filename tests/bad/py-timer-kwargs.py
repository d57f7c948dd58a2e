import threading


def ring(who):
    print("ring", who)


t = threading.Timer(0.5, ring, kwargs={1: "me"})
t.start()
