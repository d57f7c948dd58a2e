x = 0
nonlocal x
