# name= and current_thread(): each thread knows its own name.
import threading


def who():
    print("I am", threading.current_thread().name)


t = threading.Thread(target=who, name="worker")
t.start()
t.join()
print("and I am", threading.current_thread().name)
