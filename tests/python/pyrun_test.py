"""pyrun_test.py: pyrun.py's watchdog does not take a wait for a thread
that starts or ends for a deadlock, and still takes a wait for a thread
that is blocked for one.  Frames are made up where a real thread could
only be caught in them by chance (a start() whose thread the machine has
not run yet); the threads are real.  Exits 0 if every check holds."""
import os
import sys
import threading
from types import SimpleNamespace

sys.dont_write_bytecode = True     # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pyrun  # noqa: E402


def frame(name, back=None, **local):
    code = SimpleNamespace(co_name=name, co_filename="/usr/lib/python3/threading.py")
    return SimpleNamespace(f_code=code, f_back=back, f_locals=local)


def main():
    failures = 0

    def check(what, got, want):
        nonlocal failures
        if got != want:
            print("FAIL: %s: %s, not %s" % (what, got, want))
            failures += 1

    held = threading.Event()
    worker = threading.Thread(target=held.wait, name="worker")
    worker.start()
    live_with = {worker.ident: None}
    mine = frame("main")

    starting = frame("wait", frame("start", mine, self=worker))
    check("main waits in start() for its thread", pyrun.waits_for_a_thread_in_passing(
        starting, {}), True)
    join = frame("_wait_for_tstate_lock", frame("join", mine), self=worker)
    check("a join of a thread with no frame left", pyrun.waits_for_a_thread_in_passing(
        join, {}), True)
    check("a join of a thread still in its code", pyrun.waits_for_a_thread_in_passing(
        join, live_with), False)
    ending = frame("_shutdown", None, lock=worker._tstate_lock)
    check("shutdown waits for a thread with no frame left",
          pyrun.waits_for_a_thread_in_passing(ending, {}), True)
    check("shutdown waits for a thread still in its code",
          pyrun.waits_for_a_thread_in_passing(ending, live_with), False)
    check("a wait on an event", pyrun.waits_for_a_thread_in_passing(
        frame("wait", mine), {}), False)
    held.set()
    worker.join()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
