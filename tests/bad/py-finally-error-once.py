# An error in a finally block is reported once, though the block compiles
# once for each way out of its try (and twice more inside another finally).
import threading


def work():
    try:
        pass
    finally:
        print(nosuch)
        try:
            pass
        finally:
            print(other)


t = threading.Thread(target=work)
t.start()
t.join()
