# Outside the subset: a cause made on the spot, not one an except caught.
try:
    raise ValueError("bad") from KeyError("k")
except ValueError as v:
    print("caught", v, v.__cause__)
