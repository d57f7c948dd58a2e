# Outside the subset: a decorator.
import threading


def logged(f):
    return f


@logged
def work():
    print("working")


t = threading.Thread(target=work)
t.start()
t.join()
