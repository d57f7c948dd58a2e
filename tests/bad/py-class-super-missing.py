class Base:
    def hello(self):
        return 1


class Derived(Base):
    def hello(self):
        return super().goodbye()


d = Derived()
print(d.hello())
