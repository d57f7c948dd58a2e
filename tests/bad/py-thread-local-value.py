import threading

mine = threading.local()


def work(n):
    mine.value = n
    print(vars(mine))


t = threading.Thread(target=work, args=(1,))
t.start()
t.join()
