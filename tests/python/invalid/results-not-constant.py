# Outside the subset: the list passed to the threads is made of a local
# that main() computes, so it is not one lockstep can make before the run.
import threading


def worker(i, results):
    results[i] += i


def main():
    base = 1
    base += 1
    results = [base] * 2
    threads = [threading.Thread(target=worker, args=(i, results)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(results)


main()
