x = 0
print("{} and {1}".format(x, x))
