# Outside the subset: else after a loop.
i = 0
while i < 2:
    i += 1
else:
    print("loop ended", i)
