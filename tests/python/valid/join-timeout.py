# join(timeout=) gives up while the thread still waits: is_alive() says so.
import threading

release = threading.Event()


def waiter():
    release.wait()


t = threading.Thread(target=waiter)
t.start()
t.join(timeout=0.01)
print("alive after the timeout:", t.is_alive())
release.set()
t.join()
print("alive after join:", t.is_alive())
