buf = [0] * 4
x = 0
x = buf[1:3]
