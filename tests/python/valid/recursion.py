# Recursion, bounded: two threads compute the same Fibonacci number.
import threading


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def show(n):
    print(f"fib({n}) = {fib(n)}")


threads = [threading.Thread(target=show, args=(6,)) for _ in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
