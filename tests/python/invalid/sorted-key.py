# Outside the subset: a key= function for sorted() (sort (key, item)
# tuples instead, or compute the order in a loop).
import threading

scores = {"ann": 3, "bob": 1}


def by_score(name):
    return scores[name]


print(sorted(scores, key=by_score))
