# threading.Timer(interval, function, args=, kwargs=): the function is
# called as function(*args, **kwargs) once the interval has passed.
import threading

said = []


def greet(name, greeting="hello", punct="!"):
    said.append(f"{greeting} {name}{punct}")


t = threading.Timer(0.01, greet, args=("class",), kwargs={"greeting": "hi"})
t.start()
t.join()
u = threading.Timer(0.01, greet, kwargs={"punct": "?", "name": "you"})
u.start()
u.join()
print(said)
