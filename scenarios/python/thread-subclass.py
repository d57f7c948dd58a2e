"""A worker as a subclass of Thread with its own run().

What it shows: start() runs the subclass's run() in the new thread; the
object keeps its own attributes, which the main thread reads once join()
has returned.  The two workers report in either order.
"""
import threading


class Summer(threading.Thread):
    def __init__(self, label, upto):
        super().__init__()
        self.label = label
        self.upto = upto
        self.total = 0

    def run(self):
        for i in range(1, self.upto + 1):
            self.total += i
        print(f"{self.label} summed to {self.total}")


def main():
    small = Summer("small", 2)
    large = Summer("large", 3)
    small.start()
    large.start()
    small.join()
    large.join()
    print(f"together {small.total + large.total}")


if __name__ == "__main__":
    main()
