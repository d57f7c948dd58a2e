# A daemon thread (daemon=True) that waits forever does not keep the
# program alive: it is stopped when the main thread ends.
import threading

never = threading.Event()


def forever():
    never.wait()
    print("never printed")


threading.Thread(target=forever, daemon=True).start()
print("main exits")
