from threading import Thread


def work():
    pass


threads = [Thread(target=work) for _ in range(2)]
print("made")
threads.append(Thread(target=work))
