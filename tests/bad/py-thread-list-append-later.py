from threading import Thread


def work():
    pass


threads = [Thread(target=work) for _ in range(2)]
threads.append(Thread(target=work))
