# A list of threads passed to a function that main code calls twice:
# lockstep reads a function's Thread objects only when it runs once.
import threading


def work():
    pass


def join_all(ts):
    for t in ts:
        t.join()


threads = [threading.Thread(target=work) for _ in range(2)]
for t in threads:
    t.start()
join_all(threads)
join_all(threads)
print("joined")
