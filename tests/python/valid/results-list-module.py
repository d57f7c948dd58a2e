"""The results list is the module's, passed to the threads by name, and
the workers' parameter has the same name: storing an element through it
is no new binding of the module's list."""
import threading

N = 2
results = [None] * N


def worker(i, results):
    results[i] = f"w{i}"


def main():
    threads = [threading.Thread(target=worker, args=(i, results)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(results)


main()
