# Two Thread subclass tellers share one Account passed to their
# constructors: each deposit takes the account's own Lock, so none is lost.
import threading


class Account:
    def __init__(self, balance):
        self.lock = threading.Lock()
        self.balance = balance

    def deposit(self, amount):
        with self.lock:
            self.balance += amount


class Teller(threading.Thread):
    def __init__(self, name, account, amount):
        super().__init__(name=name)
        self.account = account
        self.amount = amount

    def run(self):
        for _ in range(2):
            self.account.deposit(self.amount)


shared = Account(100)
a = Teller("a", shared, 10)
b = Teller("b", shared, 1)
a.start()
b.start()
a.join()
b.join()
print(f"balance {shared.balance}, a gave {a.amount * 2}")
