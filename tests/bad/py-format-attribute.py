x = 0
print("{0.real}".format(x))
