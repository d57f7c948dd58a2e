import threading

lock = threading.Lock()


def work(lock):
    with lock:
        pass


t = threading.Thread(target=work, args=(lock,))
t.start()
t.join()
