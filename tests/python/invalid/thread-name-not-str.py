# name= an int: CPython takes str() of it (and Thread-N for a 0), lockstep
# asks for the str.
import threading


def work():
    pass


threads = [threading.Thread(target=work, name=i) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("joined")
