class Account:
    def __init__(self):
        self.balance = 0


accounts = [Account() for i in range(2)]
k = 1
print(accounts[k].balance)
