from threading import Thread


def work():
    pass


t = Thread(target=work)
print(t)
