# Outside the subset: a class attribute of a base class, read through the
# derived class.
class Base:
    LIMIT = 3

    def limit(self):
        return self.LIMIT


class Derived(Base):
    pass


d = Derived()
print(d.limit(), Derived.LIMIT)
