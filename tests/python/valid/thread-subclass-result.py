# A Thread subclass with its own run(): main reads each worker's result
# once join() has returned, and the names given to super().__init__().
import threading


class Summer(threading.Thread):
    def __init__(self, name, upto):
        super().__init__(name=name)
        self.upto = upto
        self.result = 0

    def run(self):
        total = 0
        for i in range(1, self.upto + 1):
            total += i
        self.result = total


small = Summer("small", 2)
large = Summer("large", 3)
small.start()
large.start()
small.join()
large.join()
print(f"{small.name} {small.result}, {large.name} {large.result}")
