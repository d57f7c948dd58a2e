def work(args):
    pass


work(args=(1, 2))
