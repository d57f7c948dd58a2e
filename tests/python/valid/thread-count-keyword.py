"""A def main() calls once, its parameters given by keyword and by
default, one of them a constant of the module; the list of results made
in it too."""
import threading

SIZE = 2


def square(i, out, scale):
    out[i] = i * i * scale


def run(scale, count=SIZE):
    out = [0] * count
    threads = []
    for i in range(count):
        t = threading.Thread(target=square, args=(i, out, scale))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    print(out)


def main():
    run(scale=10)


if __name__ == "__main__":
    main()
