# getName(), the old spelling of .name (deprecated, but in lecture code).
import threading


def who():
    print("running", threading.current_thread().getName())


t = threading.Thread(target=who, name="helper")
t.start()
t.join()
