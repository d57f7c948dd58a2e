x = 0
print(f"x is {x}
