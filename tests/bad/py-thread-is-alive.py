from threading import Thread


def work():
    pass


t = Thread(target=work)
t.start()
while t.is_alive():
    pass
