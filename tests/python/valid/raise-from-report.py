# raise X from e, uncaught in a thread: CPython's report shows e's
# traceback (through the call it came out of) first, then "The above
# exception was the direct cause of the following exception:", then X's
import threading


def parse(text):
    return int(text)


def work(text):
    try:
        value = parse(text)
    except ValueError as e:
        raise RuntimeError(f"bad input {text!r}") from e
    print("parsed", value)


good = threading.Thread(target=work, args=("12",))
bad = threading.Thread(target=work, args=("x",))
good.start()
bad.start()
good.join()
bad.join()
print("main goes on")
