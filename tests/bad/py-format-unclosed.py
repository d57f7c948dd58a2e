x = 0
print("{0".format(x))
