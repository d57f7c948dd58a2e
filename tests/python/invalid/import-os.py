# Outside the subset: a module other than threading, time and queue.
import os

print(os.sep == "/")
