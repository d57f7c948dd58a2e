counter = 0
lock = Lock()
