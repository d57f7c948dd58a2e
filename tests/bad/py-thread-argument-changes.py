import threading

x = 1


def show(v):
    print(v)


t = threading.Thread(target=show, args=(x,))
x = 2
t.start()
t.join()
