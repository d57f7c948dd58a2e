# Outside the subset: a dict view as a value of its own (lockstep reads
# d.items() into a list for a for loop or a builtin; its repr differs).
import threading

scores = {"ann": 3}
print(scores.items())
