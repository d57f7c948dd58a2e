# max() of a list another thread has not filled yet: CPython's ValueError
# in the reporting thread, or the value, depending on the schedule.
import threading

readings = []


def sensor():
    readings.append(7)


def reporter():
    print("max", max(readings))


threads = [threading.Thread(target=sensor), threading.Thread(target=reporter)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("done", sum(readings))
