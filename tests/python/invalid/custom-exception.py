# Outside the subset: raising a class the program never defines (CPython
# raises NameError there).
def check(n):
    if n < 0:
        raise NegativeError("negative")


try:
    check(-1)
except NameError:
    print("no such class")
