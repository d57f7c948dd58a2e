name = "é"
x = 0
print(f"{name!a}")
