import threading


def work():
    pass


if True:
    t = threading.Thread(target=work)
