counter = 0
counter += 1
sleep(0.1)
