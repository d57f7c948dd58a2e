# f-strings, str.format and str() in a thread.
import threading


def describe(name, count):
    print(f"{name} has {count} item{'s' if count != 1 else ''}")
    print("{} and {}".format(name, count))
    print("count is " + str(count))
    print(f"{count:>3}|{name!r}")


t = threading.Thread(target=describe, args=("box", 2))
t.start()
t.join()
