import time

time.sleep(1, 2)
