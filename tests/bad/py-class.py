import threading

class Worker(threading.Thread):
    pass
