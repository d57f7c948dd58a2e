x = 0
if (n := x + 1) > 0:
    print(n)
