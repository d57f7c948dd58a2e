counter = 0
try:
    counter += 1
except CounterError:
    pass
