# Outside the subset: the thread count is a parameter the def assigns
# before it makes the threads.
import threading

counter = 0


def worker():
    global counter
    counter += 1


def run(num_threads):
    num_threads = num_threads + 1
    threads = [threading.Thread(target=worker) for _ in range(num_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(num_threads)


run(1)
