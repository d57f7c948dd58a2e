@staticmethod
x = 0
