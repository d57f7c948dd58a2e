x = 1
label = "odd" if x % 2
print(label)
