x = 0
if x == 0:
    import threading
