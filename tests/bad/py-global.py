counter = 0
global counter
