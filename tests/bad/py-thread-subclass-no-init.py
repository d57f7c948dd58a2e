import threading


class Worker(threading.Thread):
    def __init__(self):
        self.done = False

    def run(self):
        self.done = True


w = Worker()
w.start()
w.join()
