"""Start and join: two workers greet, the main thread waits for both.

What it shows: a thread runs only once start() is called, and the two
greetings come in whichever order the threads happen to run.  join()
waits for a thread to finish, so "all done" is always the last line.
"""
import threading


def greet(name):
    print(f"hello from {name}")


def main():
    workers = [threading.Thread(target=greet, args=(name,)) for name in ("ann", "bob")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print("all done")


if __name__ == "__main__":
    main()
