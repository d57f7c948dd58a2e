# Outside the subset: a generator expression as a builtin's argument
# (a list comprehension is in it: sum([x * x for x in xs])).
import threading

xs = [1, 2, 3]
print(sum(x * x for x in xs))
