x = 0
if __name__ == "__main__":
    x = 1
else:
    x = 2
