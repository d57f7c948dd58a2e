import threading


def work():
    pass


ts = [threading.Thread(target=work) for _ in range(2)]
ts = 3
