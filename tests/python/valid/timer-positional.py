# threading.Timer(interval, function, args, kwargs) with its arguments
# given by position, as its signature allows, and by keyword
import threading

said = []


def greet(name, greeting="hello", punct="!"):
    said.append(f"{greeting} {name}{punct}")


t = threading.Timer(0.01, greet, ("class",))
t.start()
t.join()
u = threading.Timer(0.01, greet, ["you"], {"punct": "?"})
u.start()
u.join()
v = threading.Timer(0.01, greet, ("all", "bye"), kwargs={"punct": "."})
v.start()
v.join()
w = threading.Timer(interval=0.01, function=greet, args=("x",))
w.start()
w.join()
print(said)
