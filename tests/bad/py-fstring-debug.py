x = 0
x = 1
print(f"{x=}")
