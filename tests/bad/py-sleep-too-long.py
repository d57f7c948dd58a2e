import time

time.sleep(86401)
