# Outside the subset: a bare raise with no exception being handled.
def fail():
    raise


try:
    fail()
except RuntimeError as e:
    print("caught:", e)
