x = 0
print(f"{x:q}")
