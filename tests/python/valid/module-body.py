# Threads started from the module body itself, no main(): the module body
# is the main thread.  A lock guards the shared total.
import threading

total = 0
lock = threading.Lock()


def add(n):
    global total
    with lock:
        total += n


first = threading.Thread(target=add, args=(1,))
second = threading.Thread(target=add, args=(2,))
first.start()
second.start()
first.join()
second.join()
print("total", total)
