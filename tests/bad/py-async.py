x = 0
async with x:
    pass
