# A bare raise with no exception being handled: CPython's RuntimeError.
def fail():
    raise


try:
    fail()
except RuntimeError as e:
    print("caught:", e)
