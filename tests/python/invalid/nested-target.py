# Outside the subset: a nested tuple target.
(a, b), c = (1, 2), 3
print(a, b, c)
