x = 0
print("{0!x}".format(x))
