# Outside the subset: arithmetic with fractions (a float only as a sleep's
# seconds).
half = 1.5 * 2
print(half)
