import threading


def work():
    pass


def main():
    t = threading.Thread(target=work)
    t.start()


for _ in range(2):
    main()
