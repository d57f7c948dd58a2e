# A caught exception raised again: its report shows the traceback it was
# caught with, through the calls it came out of (a recursion's repeated
# frame counted as CPython counts it).
def countdown(n):
    if n == 0:
        raise ValueError("reached zero")
    countdown(n - 1)


def run(n):
    try:
        countdown(n)
    except ValueError as e:
        print("caught:", e)
        raise


try:
    run(2)
except ValueError:
    print("once more")
run(6)
