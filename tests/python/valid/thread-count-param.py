"""The thread count and the workers' argument are parameters of a def that
the module calls once, with constants: the lecture's run(num_threads, n)."""
import threading

counter = 0


def worker(n):
    global counter
    for _ in range(n):
        counter += 1


def run(num_threads, n):
    threads = [threading.Thread(target=worker, args=(n,)) for _ in range(num_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"{num_threads} threads, {n} each: counter = {counter}")


run(2, 2)
