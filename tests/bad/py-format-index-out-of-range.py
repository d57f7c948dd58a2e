x = 0
print("{0} {1}".format(x))
