x = 0
yield x
