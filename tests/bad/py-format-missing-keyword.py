x = 0
print("{name}".format(x))
