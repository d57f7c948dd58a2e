import threading


def ring(who):
    print("ring", who)


t = threading.Timer(0.5, ring, kwargs={"who": "me"})
t.start()
