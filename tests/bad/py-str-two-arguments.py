x = 0
s = ""
s = str(x, "utf-8")
