# Outside the subset: a starred target takes the rest of a sequence.
first, *rest = [1, 2, 3]
print(first, rest)
