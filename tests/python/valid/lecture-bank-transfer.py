# Two accounts, each with its own lock.  A transfer takes both locks,
# always the lower-numbered account's first, so two opposite transfers
# cannot deadlock, and money is neither made nor lost.
import threading


class Account:
    def __init__(self, number, balance):
        self.number = number
        self.balance = balance
        self.lock = threading.Lock()


def move(source, dest, amount):
    if source.balance >= amount:
        source.balance -= amount
        dest.balance += amount


def transfer(source, dest, amount):
    if source.number < dest.number:
        with source.lock:
            with dest.lock:
                move(source, dest, amount)
    else:
        with dest.lock:
            with source.lock:
                move(source, dest, amount)


alice = Account(1, 100)
bob = Account(2, 50)
t1 = threading.Thread(target=transfer, args=(alice, bob, 30))
t2 = threading.Thread(target=transfer, args=(bob, alice, 70))
t1.start()
t2.start()
t1.join()
t2.join()
print(alice.balance, bob.balance, alice.balance + bob.balance)
