# threading.Timer runs a function once its delay is over, in a thread of
# its own; cancel() stops one whose delay is not over.
import threading


def ring():
    print("ring")


t = threading.Timer(0.01, ring)
t.start()
t.join()
quiet = threading.Timer(30, ring)
quiet.start()
quiet.cancel()
quiet.join()
print("one ring only")
