# Outside the subset: an exception's cause.
try:
    x = 1 // 0
except ZeroDivisionError as e:
    try:
        raise ValueError("bad") from e
    except ValueError as v:
        print("caught", v)
