import threading


def work(n=1):
    pass


t = threading.Thread(target=work, kwargs=dict(n=2))
