# Outside the subset: *args.
def total(*numbers):
    return len(numbers)


print(total(1, 2, 3))
