"""Docstrings of any length: a statement that is only a string does nothing.

This module's docstring runs past lockstep's 256-byte limit for a string value. This module's docstring runs past lockstep's 256-byte limit for a string value. This module's docstring runs past lockstep's 256-byte limit for a string value. This module's docstring runs past lockstep's 256-byte limit for a string value. This module's docstring runs past lockstep's 256-byte limit for a string value.
"""


def work():
    """A def's docstring is no value either: it may be as long as the file. A def's docstring is no value either: it may be as long as the file. A def's docstring is no value either: it may be as long as the file. A def's docstring is no value either: it may be as long as the file. A def's docstring is no value either: it may be as long as the file. A def's docstring is no value either: it may be as long as the file.
    """
    "a string statement in the middle of a def is a no-op too"
    print("working")


work()
print("done")
