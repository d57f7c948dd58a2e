# The smallest program: the module body is the main thread, and it prints.
print("hello")
