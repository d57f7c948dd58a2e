# Outside the subset: a function inside a function, and nonlocal.
def counter():
    n = 0

    def bump():
        nonlocal n
        n += 1

    bump()
    bump()
    return n


print(counter())
