# A failed assert in a thread raises AssertionError there.
import threading

ready = False


def check():
    assert ready, "not ready yet"
    print("never printed")


t = threading.Thread(target=check)
t.start()
t.join()
print("after the check")
