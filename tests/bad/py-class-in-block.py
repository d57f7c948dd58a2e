if True:
    class Counter:
        pass
