x = 0
seen = {1, 2}
