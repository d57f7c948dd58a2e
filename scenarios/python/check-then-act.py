"""Check-then-act: two withdrawals from one balance.

What it shows: each thread checks that the balance covers the withdrawal
and then takes it, but the check and the act are separate steps.  Both
threads can pass the check before either acts, and the balance goes
below zero; or both read the same balance, and one withdrawal is lost.
"""
import threading

balance = 10


def withdraw(amount):
    global balance
    if balance >= amount:
        balance -= amount


def main():
    threads = [threading.Thread(target=withdraw, args=(10,)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"balance = {balance}")


main()
