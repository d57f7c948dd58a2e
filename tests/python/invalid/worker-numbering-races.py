# Main code makes a thread while a worker makes its own: which of the two
# is Thread-3 depends on the schedule, so lockstep asks for name=.
import threading


def leaf():
    pass


def boss():
    h = threading.Thread(target=leaf)
    h.start()
    h.join()


worker = threading.Thread(target=boss)
worker.start()
late = threading.Thread(target=leaf)
late.start()
worker.join()
late.join()
print("done")
