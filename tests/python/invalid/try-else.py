# Outside the subset: else after try.
try:
    x = 1
except ValueError:
    print("bad")
else:
    print("fine", x)
