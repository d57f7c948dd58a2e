import threading
print("hi")
val = 0

def f():
    global val
    val += 1

f()
