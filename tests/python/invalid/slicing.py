# Outside the subset: slices.
items = [1, 2, 3]
print(items[1:])
