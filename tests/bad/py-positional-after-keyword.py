x = 0
print(sep="", x)
