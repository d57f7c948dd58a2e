# An exception is a value: kept in a shared list and a global, printed
# inside the list as its repr.
import threading

errors = []
last = None


def work(n):
    global last
    try:
        if n > 0:
            raise ValueError(f"n={n}")
    except ValueError as e:
        errors.append(e)
        last = e


t = threading.Thread(target=work, args=(2,))
t.start()
t.join()
print(errors, len(errors))
print(last, f"{last!r}")
print(str(errors[0]) == "n=2")
