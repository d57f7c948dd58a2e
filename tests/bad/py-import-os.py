import os
import threading

counter = 0
print(os.getpid())
