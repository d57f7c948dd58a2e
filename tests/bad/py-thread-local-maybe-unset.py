import threading

mine = threading.local()


def work(n):
    if n > 1:
        mine.value = n
    print(mine.value)


t = threading.Thread(target=work, args=(1,))
t.start()
t.join()
