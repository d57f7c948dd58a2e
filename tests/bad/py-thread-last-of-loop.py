from threading import Thread


def work():
    pass


for i in range(3):
    t = Thread(target=work)
    t.start()
t.join()
