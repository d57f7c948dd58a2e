# else after try runs when the block raised nothing.
try:
    x = 1
except ValueError:
    print("bad")
else:
    print("fine", x)
