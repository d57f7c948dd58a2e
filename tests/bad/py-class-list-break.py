class Account:
    def __init__(self):
        self.balance = 0


accounts = [Account() for i in range(2)]
for a in accounts:
    if a.balance == 0:
        break
