# Outside the subset: a second name for a list among the opening
# assignments (it read as None, so b.append failed where CPython appends
# to the one list both names stand for).
a = [1]
b = a
b.append(2)
print(a, b)
