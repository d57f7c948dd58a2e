import threading


class Worker(threading.Thread):
    def run(self, n):
        pass


w = Worker()
w.start()
w.join()
