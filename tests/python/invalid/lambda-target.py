# Outside the subset: a lambda as a thread's target.  Write a function
# with def and pass its name.
import threading

t = threading.Thread(target=lambda: print("hi"))
t.start()
t.join()
