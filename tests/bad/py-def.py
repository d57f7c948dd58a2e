import threading

counter = 0

def increase():
    global counter
    counter += 1
