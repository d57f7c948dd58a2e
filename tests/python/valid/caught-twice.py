# Two exceptions caught in one statement's calls: each handler sees its own.
def d(a, b):
    try:
        return a // b
    except ZeroDivisionError as e:
        return str(e)


def g(xs, i):
    try:
        return xs[i]
    except IndexError as e:
        return str(e)


print(d(1, 0), g([1], 5))
print(g([1], 5), g((1,), 5))
