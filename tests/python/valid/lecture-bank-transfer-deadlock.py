# The lecture's bank transfer, naively: each transfer locks its source
# account, then its destination.  Two opposite transfers can each hold
# one lock and wait for the other: a deadlock explore finds.
import threading


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.lock = threading.Lock()


def transfer(source, dest, amount):
    with source.lock:
        with dest.lock:
            if source.balance >= amount:
                source.balance -= amount
                dest.balance += amount


alice = Account(100)
bob = Account(50)
t1 = threading.Thread(target=transfer, args=(alice, bob, 30))
t2 = threading.Thread(target=transfer, args=(bob, alice, 70))
t1.start()
t2.start()
t1.join()
t2.join()
print(alice.balance, bob.balance, alice.balance + bob.balance)
