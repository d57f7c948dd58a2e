x = 0
del x
