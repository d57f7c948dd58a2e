import threading


class Worker(threading.Thread):
    def run(self):
        pass


w = Worker()
w.start()
print(w.is_alive())
w.join()
