class Account:
    def __init__(self):
        self.balance = 0


n = 2
print(n)
n = 3
accounts = [Account() for i in range(n)]
