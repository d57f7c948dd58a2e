# Event.wait(timeout) returns the flag: False if the time ran out unset.
import threading

flag = threading.Event()
print("first wait:", flag.wait(0.01))
flag.set()
print("second wait:", flag.wait(0.01))
flag.clear()
print("set now:", flag.is_set())
