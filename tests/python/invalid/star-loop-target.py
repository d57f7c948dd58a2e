# Outside the subset: a starred target of a loop.
for first, *rest in [(1, 2, 3), (4, 5)]:
    print(first, rest)
