# A thread's identity: current_thread() in a function that several threads
# run, the name of each member of a list of threads, main_thread(), and
# getName(), the old spelling of .name.  Each worker is joined before the
# next starts, so there is one order.
import threading


def work(n):
    print(threading.current_thread().name, "did", n, "for",
          threading.main_thread().name)


def main():
    workers = [threading.Thread(target=work, args=(n,)) for n in (10, 20)]
    workers.append(threading.Thread(target=work, args=(30,), name="last"))
    for w in workers:
        print("starting", w.name)
        w.start()
        w.join()
    print(threading.current_thread().name, "is", threading.main_thread().name)


main()
