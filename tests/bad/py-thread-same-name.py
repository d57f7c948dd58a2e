from threading import Thread


def work():
    pass


a = Thread(target=work, name="w")
b = Thread(target=work, name="w")
