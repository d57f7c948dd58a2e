values = [1, 2]
x = 0
print(*values)
