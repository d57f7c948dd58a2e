template = "{}!"
x = 0
print(template.format(x))
