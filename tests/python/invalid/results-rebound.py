# Outside the subset: the list passed to the threads is bound anew before
# they start.  CPython's threads got the first list when main() made them;
# lockstep's read their arguments when they start.
import threading


def worker(i, results):
    results[i] = i + 1


def main():
    results = [0] * 2
    threads = [threading.Thread(target=worker, args=(i, results)) for i in range(2)]
    results = [0] * 2
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(results)


main()
