from threading import Thread


def work():
    pass


t = Thread(None, work)
