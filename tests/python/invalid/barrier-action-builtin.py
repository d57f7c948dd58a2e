# Outside the subset: a Barrier's action that is not a function of the
# program (here the builtin print, which CPython calls with no argument).
import threading

b = threading.Barrier(1, action=print)
b.wait()
print("done")
