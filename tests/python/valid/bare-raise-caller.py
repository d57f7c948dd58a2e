# A bare raise in a function called from an except block (or from a
# finally block an exception passes through) re-raises the exception
# being handled there, as CPython's does; in a thread it ends the thread.
import threading


def log_and_reraise(where):
    print("logging in", where)
    raise


def deeper(where):
    log_and_reraise(where)


def work(n):
    try:
        return 10 // n
    except ZeroDivisionError:
        deeper("work")


try:
    work(0)
except ZeroDivisionError as e:
    print("caught again:", e)

try:
    try:
        x = [1, 2][5]
    finally:
        try:
            log_and_reraise("finally")
        except IndexError as e:
            print("finally re-raised:", e)
except IndexError:
    print("and it goes on")

try:
    raise KeyError("outer")
except KeyError:
    try:
        raise ValueError("inner")
    except ValueError:
        try:
            log_and_reraise("inner")
        except ValueError as e:
            print("the innermost:", e)
    try:
        log_and_reraise("outer")
    except KeyError as e:
        print("then the outer:", e)

t = threading.Thread(target=work, args=(0,))
t.start()
t.join()
print(work(5))
