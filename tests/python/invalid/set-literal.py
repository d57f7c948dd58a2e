# Outside the subset: sets.
seen = {1, 2, 2}
print(len(seen))
