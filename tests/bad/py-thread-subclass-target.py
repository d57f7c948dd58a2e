import threading


def work():
    pass


class Worker(threading.Thread):
    def __init__(self):
        super().__init__(target=work)


w = Worker()
w.start()
w.join()
