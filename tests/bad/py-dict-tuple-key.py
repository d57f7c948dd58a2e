d = {(1, 2): "a"}
print(d)
