import time

x = 0
x = time.sleep(1)
