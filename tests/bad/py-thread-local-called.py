import threading

mine = threading.local()


def remember(n):
    mine.value = n


def work():
    remember(1)


t = threading.Thread(target=work)
t.start()
t.join()
