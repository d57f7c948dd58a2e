x = 0
w = 5
print(f"{x:>{w}}")
