# An exception raised while another is handled, in a function the except
# block calls: CPython reports the handled one first, then "During
# handling of the above exception, another exception occurred:"
def lookup(table, key):
    return table[key]


def fallback(key):
    raise LookupError(f"no fallback for {key}")


table = {"a": 1}
print(lookup(table, "a"))
try:
    lookup(table, "b")
except KeyError:
    print("not in the table")
    fallback("b")
