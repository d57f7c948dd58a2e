# The ways out of nested try statements, as CPython takes them: continue
# and break through finally, return from an except clause under a
# finally, an exception in else (not caught by its own try), a try
# inside a finally, a handler that raises anew, and a return in finally
# that swallows the exception.
import threading

lock = threading.Lock()


def count_odd(n):
    found = 0
    i = 0
    while i < n:
        i += 1
        try:
            if i % 2 == 0:
                continue
            found += 1
        finally:
            print("looked at", i)
    return found


def from_clause():
    try:
        try:
            return 1 // 0
        except ZeroDivisionError:
            return "from except"
    finally:
        print("outer finally")


def raise_in_else():
    try:
        try:
            pass
        except ValueError:
            print("not here")
        else:
            raise ValueError("in else")
    except ValueError as e:
        print("outer caught", e)


def try_in_finally():
    try:
        print("body")
    finally:
        try:
            first = [][0]
        except IndexError as e:
            print("inner", e)


def raise_anew():
    try:
        try:
            value = {}["k"]
        except KeyError:
            raise RuntimeError("anew")
    except RuntimeError as e:
        print("got", e)


def swallow():
    try:
        raise ValueError("lost")
    finally:
        return "swallowed"


def locked_return():
    with lock:
        try:
            return "with and finally"
        finally:
            print("locked inside:", lock.locked())


def worker():
    print(count_odd(4))
    print(from_clause())
    raise_in_else()
    try_in_finally()
    raise_anew()
    print(swallow())
    print(locked_return(), lock.locked())


t = threading.Thread(target=worker)
t.start()
t.join()
