from threading import Thread


def work(i):
    pass


n = 2
n = n + 1
threads = [Thread(target=work, args=(i,)) for i in range(n)]
