# Inheriting from a class of the program's own: Derived.__init__ calls
# super().__init__(...), overrides a method and calls the base's through
# super(); another derived class adds nothing.
import threading


class Account:
    def __init__(self, owner, balance=0):
        self.owner = owner
        self.balance = balance
        self.lock = threading.Lock()

    def deposit(self, amount):
        with self.lock:
            self.balance += amount

    def describe(self):
        return f"{self.owner}: {self.balance}"


class Savings(Account):
    def __init__(self, owner, rate):
        super().__init__(owner, balance=100)
        self.rate = rate

    def describe(self):
        return "savings " + super().describe() + f" at {self.rate}%"

    def add_interest(self):
        self.deposit(self.balance * self.rate // 100)


class Checking(Account):
    pass


s = Savings("ann", 5)
c = Checking("bob")


def work():
    s.deposit(10)
    c.deposit(20)


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
s.add_interest()
print(s.describe())
print(c.describe())
