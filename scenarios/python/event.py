"""An Event: threads wait until the main thread gives the signal.

What it shows: wait() blocks until another thread calls set(); then every
waiting thread goes on, in any order.  Nothing a waiter prints can come
before the main thread's announcement, which it prints before set().
"""
import threading

go = threading.Event()


def runner(name):
    go.wait()
    print(f"{name} goes")


def main():
    runners = [threading.Thread(target=runner, args=(name,)) for name in ("ann", "bob")]
    for r in runners:
        r.start()
    print("main sets the event")
    go.set()
    for r in runners:
        r.join()


if __name__ == "__main__":
    main()
