# A global flag set by one thread and read by another, polled with a
# short sleep: the reader sees it some time after the writer sets it.
import threading
import time

stop = False


def spin():
    while not stop:
        time.sleep(0.001)
    print("stopped")


t = threading.Thread(target=spin)
t.start()
stop = True
t.join()
print("done")
