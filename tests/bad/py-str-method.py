x = 0
print("a,b".split(","))
