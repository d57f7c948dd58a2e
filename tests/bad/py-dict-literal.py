counts = {}
