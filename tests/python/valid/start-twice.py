# Starting a thread twice raises RuntimeError in the main thread, which
# ends the program.
import threading


def nothing():
    pass


t = threading.Thread(target=nothing)
t.start()
t.join()
print("started once")
t.start()
print("never printed")
