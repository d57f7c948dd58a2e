class Account:
    def __init__(self):
        self.balance = 0


accounts = [Account() for i in range(2)]
accounts.append(Account())
