x = 0
pair = (x, 1)
