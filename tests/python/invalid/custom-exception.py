# Outside the subset: an exception class of the program's own.
def check(n):
    if n < 0:
        raise NegativeError("negative")


try:
    check(-1)
except NameError:
    print("no such class")
