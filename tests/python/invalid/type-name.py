# type(e).__name__: lockstep does not have type(); it says what prints the
# class instead.
try:
    x = 1 // 0
except Exception as e:
    print(type(e).__name__)
