q = Queue(maxsize=2)
