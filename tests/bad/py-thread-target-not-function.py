from threading import Thread

work = 3
t = Thread(target=work)
