# raise ... from e and raise ... from None: what a catcher sees is the new
# exception alone; uncaught, it ends its thread as any other.
import threading


def parse(n):
    try:
        return 10 // n
    except ZeroDivisionError as e:
        raise ValueError(f"bad: {n}") from e


def quiet():
    try:
        parse(0)
    except ValueError:
        raise RuntimeError("no value") from None


try:
    parse(0)
except ValueError as v:
    print("caught", v)
except ZeroDivisionError:
    print("not this one")
print(parse(5))
t = threading.Thread(target=quiet)
t.start()
t.join()
print("main goes on")
