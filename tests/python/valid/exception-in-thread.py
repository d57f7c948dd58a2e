# An uncaught exception ends only its own thread: Python reports
# "Exception in thread ..." and the main thread goes on.
import threading


def divide():
    print("dividing")
    print(1 // 0)


t = threading.Thread(target=divide)
t.start()
t.join()
print("main still runs")
