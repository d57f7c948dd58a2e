rate = 1 + 0.5
