from threading import Thread

t = Thread()
t.start()
