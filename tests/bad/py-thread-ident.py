from threading import Thread


def work():
    pass


t = Thread(target=work)
t.start()
print(t.native_id)
