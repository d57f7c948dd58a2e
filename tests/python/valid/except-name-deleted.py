# Python deletes an except clause's name when the clause ends, whatever it
# held before the try: reading it after is an UnboundLocalError.
import threading


def f():
    e = 1
    try:
        raise ValueError("v")
    except ValueError as e:
        print("caught", e)
    try:
        print(e)
    except UnboundLocalError:
        print("unbound")


t = threading.Thread(target=f)
t.start()
t.join()
