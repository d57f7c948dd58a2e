# A list of accounts made by a comprehension; a thread moves money from
# the first to the second, passed as accounts[0] and accounts[1].
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance

    def add(self, amount):
        self.balance += amount


accounts = [Account(100 * (i + 1)) for i in range(2)]


def move(src, dst, amount):
    src.add(-amount)
    dst.add(amount)


a = threading.Thread(target=move, args=(accounts[0], accounts[1], 10))
a.start()
a.join()
for acct in accounts:
    print(acct.balance)
