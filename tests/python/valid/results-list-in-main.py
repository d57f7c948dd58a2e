"""Each worker writes its square into a list that main() makes and passes
to every thread as an argument: the lecture's results list."""
import threading

N = 3


def worker(i, results):
    results[i] = i * i


def main():
    results = [0] * N
    threads = []
    for i in range(N):
        t = threading.Thread(target=worker, args=(i, results))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    print(results)


if __name__ == "__main__":
    main()
