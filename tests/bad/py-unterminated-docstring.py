"""A program

x = 0
