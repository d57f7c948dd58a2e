"""Functions in a Python program

The module's globals, a lock made at the top, and main() calling a helper
that takes the lock for each update."""
import threading

val = 0
COUNT = 2
lock = threading.Lock()


def increase(n, step=1):
    global val
    for _ in range(n):
        with lock:
            val += step


def main():
    increase(COUNT)
    increase(1, step=10)
    print(f"val = {val}")


if __name__ == "__main__":
    main()
