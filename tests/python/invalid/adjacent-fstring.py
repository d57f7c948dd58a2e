# Outside the subset: a plain string beside an f-string (not joined).
x = 1
print("a" f"{x}")
