x = 0
print(x, flush=1)
