import threading

mine = threading.local()


def work():
    print(mine.value)


mine.value = 1
t = threading.Thread(target=work)
t.start()
t.join()
