"""A dict of results made in main() and passed to the threads: each one
stores its own key, so the dict's order is the threads' order, but what
main() reads back by key is always the same."""
import threading


def worker(i, results):
    results[i] = i * 10


def main():
    results = {}
    threads = [threading.Thread(target=worker, args=(i, results)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for k in range(3):
        print(k, results[k])
    print(len(results), 1 in results)


main()
