print("hi")
val = 0

def f():
    return val

print(f())
