"""A Barrier: nobody runs before everybody is at the start line.

What it shows: each runner announces itself and waits at the Barrier(2);
the barrier opens only when both have arrived.  So both "at the start
line" lines come before either "runs" line, each pair in either order.
"""
import threading

start_line = threading.Barrier(2)


def runner(name):
    print(f"{name} at the start line")
    start_line.wait()
    print(f"{name} runs")


def main():
    runners = [threading.Thread(target=runner, args=(name,)) for name in ("ann", "bob")]
    for r in runners:
        r.start()
    for r in runners:
        r.join()
    print("race over")


if __name__ == "__main__":
    main()
