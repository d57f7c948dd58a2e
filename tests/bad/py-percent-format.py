name = "A"
x = 0
print("thread %s" % name)
