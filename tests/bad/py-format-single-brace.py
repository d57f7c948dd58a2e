x = 0
print("a } b {}".format(x))
