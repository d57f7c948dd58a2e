# A starred target takes the rest of a sequence, as a list.
first, *rest = [1, 2, 3]
print(first, rest)
