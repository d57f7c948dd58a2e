# Positional, keyword and default arguments through Thread(args=, kwargs=).
import threading


def report(label, a, b=10, scale=1):
    print(f"{label}: {(a + b) * scale}")


t = threading.Thread(target=report, args=("sum", 1), kwargs={"b": 2, "scale": 3})
t.start()
t.join()
report("default", 5)
