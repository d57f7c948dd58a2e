# finally runs on every way out of a try: falling off its end, return,
# break, and an exception passing through; `with lock:` lets the lock go
# when an exception leaves it.  An exception no clause matches goes on
# up and ends the thread (bare raise re-raises it).
import threading

lock = threading.Lock()
log = []


def leave_by_return():
    try:
        return "returned"
    finally:
        log.append("finally after return")


def loop_with_break():
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            log.append(f"finally {i}")


def guarded():
    with lock:
        raise ValueError("inside with")


def worker():
    log.append(leave_by_return())
    loop_with_break()
    try:
        guarded()
    except ValueError as e:
        log.append(f"caught {e}; locked: {lock.locked()}")
    try:
        raise KeyError("k")
    except KeyError:
        log.append("re-raising")
        raise


t = threading.Thread(target=worker)
t.start()
t.join()
for line in log:
    print(line)
