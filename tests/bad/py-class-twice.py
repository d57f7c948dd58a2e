# A class defined twice: Python keeps the last, so reading the first would
# be a misreading.
import threading
class C:
    pass
class C:
    x = 1
c = C()
print(c.x)
