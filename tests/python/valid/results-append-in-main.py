"""Two threads append their names to an empty list made in main(): which
one appends first is the schedule's choice."""
import threading


def worker(name, out):
    out.append(name)


def main():
    out = []
    threads = []
    for name in ("a", "b"):
        t = threading.Thread(target=worker, args=(name, out))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    print(len(out), out)


if __name__ == "__main__":
    main()
