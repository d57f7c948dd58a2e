# Outside the subset: an exception class with an __init__ of its own.
class QueueClosed(Exception):
    def __init__(self, name):
        super().__init__("closed: " + name)
        self.name = name


try:
    raise QueueClosed("jobs")
except QueueClosed as e:
    print(e, e.name)
