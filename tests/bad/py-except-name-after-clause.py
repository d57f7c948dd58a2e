# Python deletes an except clause's name when the clause ends: reading it
# after is an UnboundLocalError, not the exception.
import threading
def f():
    try:
        raise ValueError("v")
    except ValueError as e:
        pass
    print(e)
f()
