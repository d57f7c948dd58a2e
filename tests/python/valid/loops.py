# while, for, break, continue and pass in a thread.
import threading


def walk():
    i = 0
    while True:
        i += 1
        if i % 2 == 0:
            continue
        if i > 5:
            break
        print("odd", i)
    for j in range(3):
        pass
    print("end", i, j)


t = threading.Thread(target=walk)
t.start()
t.join()
