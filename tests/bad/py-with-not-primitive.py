import threading

counter = 0
with counter:
    counter += 1
