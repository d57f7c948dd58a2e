x = 0
x = 1
label = "odd" if x % 2 else "even"
