counter = 0
try:
    counter += 1
finally:
    pass
