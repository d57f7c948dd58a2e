counter = 0
return counter
