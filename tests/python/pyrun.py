"""pyrun.py PROGRAM [RUNS]: run a Python program as `python3 PROGRAM`
would, and end it with status 97 if it deadlocks.

With RUNS, run it that many times, each in a process forked from this one
(so that a run costs a fork, not an interpreter's start), and print one
JSON object a run: {"status": N, "stdout": "...", "stderr": "..."}.
tests/python/diffcheck.py runs every corpus program so.

A program that deadlocks never ends by itself, so a watchdog thread looks
at every other thread's innermost frame: when no thread has moved for
PYRUN_STALL seconds (default 1) and every one of them stands at a call
that blocks (an acquire, a wait, a join, a queue's get or put, or the
threading module's own waits), the program is stuck for good: the
watchdog flushes what was printed, says so on standard error and ends the
process with status 97.  A thread that computes or sleeps moves (the
corpus sleeps at most milliseconds), so a slow machine is not taken for a
deadlock (nor is a wait for a thread that starts or ends, which a loaded
machine may keep from running for seconds); the caller's own time bound
is only a backstop.

Each run ends as the interpreter ends a program: an uncaught exception in
the main thread is printed and makes the status 1, non-daemon threads are
waited for (threading._shutdown), daemon threads are not.  The watchdog is
a daemon thread with a name of its own, so the program's threads are
numbered as they would be without it.
"""
import gc
import json
import os
import runpy
import select
import sys
import threading
import time
import traceback

STALL = float(os.environ.get("PYRUN_STALL", "1"))
BLOCKING_WORDS = ("acquire", "wait", "join", ".get(", ".put(", "with ")
BLOCKING_FUNCTIONS = {"wait", "acquire", "join", "_wait_for_tstate_lock", "get", "put",
                      "wait_for", "_acquire_restore", "_wait", "__enter__", "_shutdown"}


def in_threading(frame, name):
    return frame.f_code.co_name == name and frame.f_code.co_filename.endswith("threading.py")


def waits_for_a_thread_in_passing(frame, live):
    """Whether the frame's thread waits for a thread that is starting or
    ending: one with no frame of its own yet (start() waits for it to run)
    or any more (join() and the interpreter's shutdown wait for its state
    to go, which a loaded machine may put off for seconds).  Such a wait
    ends without any thread moving, so it is never a deadlock."""
    while frame is not None:
        if in_threading(frame, "start"):
            return True
        if in_threading(frame, "_wait_for_tstate_lock"):
            target = frame.f_locals.get("self")
            return isinstance(target, threading.Thread) and target.ident not in live
        if in_threading(frame, "_shutdown"):
            lock = frame.f_locals.get("lock")
            return lock is not None and any(
                isinstance(t, threading.Thread) and t._tstate_lock is lock and
                t.ident not in live for t in gc.get_objects())
        frame = frame.f_back
    return False


def at_blocking_call(frame):
    """Whether the frame stands at a call that can block for good."""
    if frame.f_code.co_name in BLOCKING_FUNCTIONS and \
            frame.f_code.co_filename.endswith(("threading.py", "queue.py")):
        return True
    try:
        with open(frame.f_code.co_filename, encoding="utf-8") as f:
            text = f.read().splitlines()[frame.f_lineno - 1]
    except (OSError, IndexError, UnicodeDecodeError, TypeError):
        return False
    return any(word in text for word in BLOCKING_WORDS)


def watchdog():
    me = threading.get_ident()
    last, since = None, time.monotonic()
    while True:
        time.sleep(0.02)
        frames = {t: f for t, f in sys._current_frames().items() if t != me}
        where = sorted((t, id(f.f_code), f.f_lasti) for t, f in frames.items())
        now = time.monotonic()
        if where != last:
            last, since = where, now
            continue
        if now - since < STALL or not all(at_blocking_call(f) for f in frames.values()):
            continue
        if any(waits_for_a_thread_in_passing(f, frames) for f in frames.values()):
            continue
        try:
            sys.stdout.flush()
        finally:
            sys.stderr.write("pyrun: deadlock: no thread moved for %g s, each "
                             "waits\n" % STALL)
            sys.stderr.flush()
            os._exit(97)


def run_program(path):
    """Run it to its end, as the interpreter would; its exit status."""
    status = 0
    sys.argv = [path]
    sys.path[0] = os.path.dirname(os.path.abspath(path))
    threading.Thread(target=watchdog, name="pyrun-watchdog", daemon=True).start()
    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except BaseException:   # noqa: the interpreter reports every exception
        traceback.print_exc()
        status = 1
    threading._shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    return status


def read_all(fds):
    """Everything written to the pipes until each is closed."""
    got = {fd: [] for fd in fds}
    open_fds = list(fds)
    while open_fds:
        ready, _, _ = select.select(open_fds, [], [])
        for fd in ready:
            data = os.read(fd, 65536)
            if data:
                got[fd].append(data)
            else:
                open_fds.remove(fd)
                os.close(fd)
    return [b"".join(got[fd]).decode("utf-8", "replace") for fd in fds]


def run_forked(path):
    sys.stdout.flush()
    sys.stderr.flush()
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(out_r)
        os.close(err_r)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        os.close(out_w)
        os.close(err_w)
        status = 3      # pyrun itself failed
        try:
            status = run_program(path)
        finally:
            os._exit(status)
    os.close(out_w)
    os.close(err_w)
    out, err = read_all([out_r, err_r])
    _, wait_status = os.waitpid(pid, 0)
    return {"status": os.waitstatus_to_exitcode(wait_status), "stdout": out, "stderr": err}


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write("usage: pyrun.py PROGRAM [RUNS]\n")
        sys.exit(2)
    path = sys.argv[1]
    if len(sys.argv) == 2:
        os._exit(run_program(path))
    for _ in range(int(sys.argv[2])):
        print(json.dumps(run_forked(path)), flush=True)


if __name__ == "__main__":
    main()
