class Derived(Base):
    pass


class Base:
    pass


d = Derived()
