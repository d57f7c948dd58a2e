"""diffcheck.py: the CPython differential check of lockstep's Python corpus.

usage: python3 diffcheck.py --lockstep BIN --srcdir DIR [--runs N] [--jobs N]
                            [--only NAME] [--verbose] [--update-diagnostics]

For every program in DIR/scenarios/python and DIR/tests/python/{valid,invalid}:

1. Run it under python3 (through pyrun.py, whose watchdog ends a deadlocked
   run: such a run counts as a deadlock, never as a pass) N times (default
   20; an outcomes file may ask for fewer with `#! runs K`, for programs
   whose runs mostly deadlock and so each take the watchdog's second).
   Every run must end in one of the outcomes written down for the program
   (its .outcomes file): the same kind (ok, deadlock, error NAME) and
   exactly the same output.
2. If lockstep accepts the program (`lockstep check` exits 0), search it:
   `lockstep explore --format json` must be exhaustive and its outcomes
   (kind and output) must be exactly the written-down ones, so every output
   CPython printed is one explore lists, and a CPython deadlock has a
   deadlock outcome.
3. A program lockstep does not accept yet must be listed in
   tests/python/waiting with the feature it waits for.  A program that is
   in neither list (accepted, or waiting) fails the check.  A program
   lockstep accepts may be listed too, waiting for a change of lockstep's
   semantics: its differences from its outcomes are printed as known, and
   it fails the check once there are none (take it off the list then).
4. An invalid program (outside the subset of issue 17) must never be
   accepted; once lockstep reads .py files at all (it accepts
   tests/python/valid/hello.py), its first diagnostic must be the one in
   the program's .expected file (--update-diagnostics writes them from
   what lockstep says, for a reviewed change of wording).

An outcomes file: comment lines (#) first, then one block per outcome, a
line `--- KIND` (ok, deadlock, or error NAME: an exception NAME that ended
the main thread or another thread), then exactly the lines printed.
Its directive `#! stderr compared` asks for more: what each CPython run
printed to standard error (its tracebacks), less what lockstep leaves out
on purpose (frames of other files than the program's: threading's, and
pyrun's own; the ^~~ lines that mark a failing expression; the program's
directory), must be what `lockstep run` prints to standard error for the
schedule explore shows for some outcome.

Exit status 0 when everything matches, 1 on any mismatch, 2 on bad usage.
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys

BACKSTOP_SECONDS = 120      # pyrun's watchdog ends a deadlock; this only
                            # catches a watchdog that never fired
EXPLORE_SECONDS = 300


def parse_outcomes(path):
    """The (kind, output) pairs of an outcomes file, and its directives."""
    outcomes, directives = [], {}
    kind, lines = None, []
    with open(path, encoding="utf-8") as f:
        for raw in f.read().split("\n")[:-1]:
            if raw.startswith("--- "):
                if kind is not None:
                    outcomes.append((kind, "".join(l + "\n" for l in lines)))
                kind, lines = raw[4:].strip(), []
            elif kind is not None:
                lines.append(raw)
            elif raw.startswith("#! "):
                key, _, value = raw[3:].partition(" ")
                directives[key] = value.strip()
            elif raw and not raw.startswith("#"):
                raise ValueError("%s: text before the first '--- KIND' line: %r" % (path, raw))
    if kind is not None:
        outcomes.append((kind, "".join(l + "\n" for l in lines)))
    for k, _ in outcomes:
        if k not in ("ok", "deadlock") and not re.fullmatch(r"error \w+", k):
            raise ValueError("%s: unknown outcome kind %r" % (path, k))
    return outcomes, directives


def exception_name(stderr):
    """The class of the last exception a traceback in stderr names."""
    name, previous = None, ""
    for line in stderr.splitlines():
        m = re.match(r"^([A-Za-z_][\w.]*)(: .*)?$", line)
        # a traceback's last line follows its indented frame lines (a
        # program's own class need not end in Error)
        if m and (previous.startswith(" ") or
                  m.group(1).endswith(("Error", "Exception", "Empty", "Full", "Exit"))
                  or m.group(1) in ("AssertionError", "KeyboardInterrupt")):
            name = m.group(1).rsplit(".", 1)[-1]
        previous = line
    return name or "Exception"


def classify(status, out, err):
    """A run's (kind, output)."""
    if status == 97 and "pyrun: deadlock" in err:
        return "deadlock", out
    if status != 0 or "Exception in thread" in err:
        return "error " + exception_name(err), out
    return "ok", out


def comparable_stderr(err, program):
    """CPython's standard error less what lockstep leaves out on purpose:
    frames of other files (threading's, pyrun's, runpy's) with their source
    lines, the lines of ^ and ~ under a failing expression, and the
    program's directory in its frames."""
    base = os.path.basename(program)
    lines, out, i = err.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        i += 1
        m = re.match(r'^  File "([^"]*)", line \d+, in ', line)
        if m and os.path.basename(m.group(1)) != base:
            if i < len(lines) and lines[i].startswith("    "):
                i += 1
            continue
        if m:
            line = line.replace(m.group(1), base, 1)
        elif re.fullmatch(r"\s*[~^]+\s*", line):
            continue
        out.append(line)
    return "\n".join(out)


def run_cpython(program, pyrun, runs, stderrs=None):
    """runs runs, each forked by pyrun.py: a (kind, output) each; each
    run's comparable_stderr is added to the set stderrs, if given."""
    cmd = [sys.executable, "-X", "utf8", pyrun, program, str(runs)]
    env = dict(os.environ, PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1")
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=BACKSTOP_SECONDS * runs,
                           cwd=os.path.dirname(program), env=env)
        lines = p.stdout.decode("utf-8").splitlines()
    except subprocess.TimeoutExpired as e:
        lines = (e.stdout or b"").decode("utf-8", "replace").splitlines()
    results = []
    for line in lines:
        try:
            r = json.loads(line)
        except ValueError:
            continue
        results.append(classify(r["status"], r["stdout"], r["stderr"]))
        if stderrs is not None:
            stderrs.add(comparable_stderr(r["stderr"], program))
    # a run pyrun did not report never finished: a deadlock, never a pass
    results += [("deadlock", "")] * (runs - len(results))
    return results


def lockstep_kind(verdict):
    """explore's verdict as an outcome kind: ok, deadlock or error NAME."""
    kind = verdict.get("kind")
    if kind in ("ok", "deadlock"):
        return kind
    if kind in ("runtime error", "assertion failed"):
        m = re.match(r"^([\w.]+)", verdict.get("message", ""))
        return "error " + (m.group(1).rsplit(".", 1)[-1] if m else "Exception")
    return kind


def show(output):
    return repr(output) if output else "(nothing)"


class Check:
    def __init__(self, args):
        self.args = args
        self.failures = []
        self.checked = []
        self.waiting = []
        self.pyrun = os.path.join(args.srcdir, "tests", "python", "pyrun.py")
        self.waiting_list = self.read_waiting()
        self.front_door = self.accepts(os.path.join(args.srcdir, "tests", "python", "valid",
                                                    "hello.py"))

    def fail(self, name, text):
        self.failures.append("%s: %s" % (name, text))

    def read_waiting(self):
        waiting = {}
        path = os.path.join(self.args.srcdir, "tests", "python", "waiting")
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.split("#", 1)[0].strip()
                if line:
                    name, _, features = line.partition(" ")
                    waiting[name] = features.strip()
        return waiting

    def lockstep(self, *argv, cwd=None):
        return subprocess.run([self.args.lockstep] + list(argv), capture_output=True,
                              timeout=EXPLORE_SECONDS, cwd=cwd)

    def accepts(self, program):
        return self.lockstep("check", program).returncode == 0

    def programs(self):
        """(name, program, outcomes file, expected diagnostic or None)."""
        top = self.args.srcdir
        found = []
        for sub, expect_dir in (("scenarios/python", "tests/python/scenarios"),
                                ("tests/python/valid", "tests/python/valid"),
                                ("tests/python/invalid", "tests/python/invalid")):
            d = os.path.join(top, sub)
            for f in sorted(os.listdir(d)):
                if not f.endswith(".py"):
                    continue
                stem = f[:-3]
                expected = None
                if sub.endswith("invalid"):
                    expected = os.path.join(top, expect_dir, stem + ".expected")
                found.append(("%s/%s" % (sub, f), os.path.join(d, f),
                              os.path.join(top, expect_dir, stem + ".outcomes"), expected))
        if self.args.only:
            found = [p for p in found if self.args.only in p[0]]
        return found

    def check_cpython(self, name, program, written, runs, stderrs=None):
        """Run it; every run's (kind, output) must be written down."""
        seen = {}
        for outcome in run_cpython(program, self.pyrun, runs, stderrs):
            seen[outcome] = seen.get(outcome, 0) + 1
        if self.args.verbose:
            print("%s: CPython, %d runs, %d of its %d outcomes:%s" % (
                name, runs, len(seen), len(written), "".join(
                    "\n    %3d  %s, printing %s" % (n, k, show(o))
                    for (k, o), n in sorted(seen.items(), key=lambda kv: -kv[1]))))
        for (kind, output), count in sorted(seen.items()):
            if (kind, output) not in written:
                self.fail(name, "CPython ended %d of %d runs in an outcome not written down: "
                          "%s, printing %s" % (count, runs, kind, show(output)))
        return seen

    def check_lockstep(self, name, program, written, seen, fail=None):
        fail = fail or self.fail
        p = self.lockstep("explore", program, "--format", "json")
        if p.returncode not in (0, 1, 4):
            fail(name, "lockstep explore exited %d: %s" % (
                p.returncode, p.stderr.decode("utf-8", "replace").strip()))
            return
        try:
            report = json.loads(p.stdout.decode("utf-8"))
        except ValueError as e:
            fail(name, "lockstep explore --format json is not JSON: %s" % e)
            return
        if not report.get("exhaustive"):
            fail(name, "lockstep explore was not exhaustive: its outcomes prove nothing")
        found = {(lockstep_kind(o["verdict"]), o.get("output", "")) for o in report["outcomes"]}
        for kind, output in sorted(seen):
            if (kind, output) not in found:
                fail(name, "CPython %s, printing %s: not among explore's outcomes" % (
                    kind, show(output)))
        for kind, output in sorted(set(written) - found):
            fail(name, "written down but explore never ends so: %s, printing %s" % (
                kind, show(output)))
        for kind, output in sorted(found - set(written)):
            fail(name, "explore ends so, not written down: %s, printing %s" % (
                kind, show(output)))
        return report

    def check_stderr(self, name, program, report, stderrs):
        """Each CPython run's comparable standard error must be what
        lockstep run prints for one of explore's schedules."""
        ours = set()
        for o in report["outcomes"]:
            p = self.lockstep("run", os.path.basename(program), "--schedule", o["schedule"],
                              "--format", "json", cwd=os.path.dirname(program))
            try:
                ours.add(json.loads(p.stdout.decode("utf-8")).get("stderr", "").rstrip("\n"))
            except ValueError:
                self.fail(name, "lockstep run --format json is not JSON")
                return
        for err in sorted(stderrs):
            if err.rstrip("\n") not in ours:
                self.fail(name, "CPython's standard error is no schedule's:\n%s\n"
                          "lockstep's:\n%s" % (err, "\n--\n".join(sorted(ours))))

    def check_diagnostic(self, name, program, expected):
        p = self.lockstep("check", os.path.basename(program), cwd=os.path.dirname(program))
        got = p.stderr.decode("utf-8", "replace").split("\n", 1)[0]
        if self.args.update_diagnostics:
            with open(expected, "w", encoding="utf-8") as f:
                f.write(got + "\n")
            return
        with open(expected, encoding="utf-8") as f:
            want = f.read().split("\n", 1)[0]
        if p.returncode != 2:
            self.fail(name, "lockstep check exited %d, not 2 (an invalid program)" %
                      p.returncode)
        elif got != want:
            self.fail(name, "lockstep's diagnostic differs:\n    got:  %s\n    want: %s" % (
                got, want))

    def one(self, entry):
        name, program, outcomes_file, expected = entry
        if not os.path.exists(outcomes_file):
            self.fail(name, "no outcomes file %s" % outcomes_file)
            return
        try:
            outcomes, directives = parse_outcomes(outcomes_file)
        except ValueError as e:
            self.fail(name, str(e))
            return
        if not outcomes:
            self.fail(name, "its outcomes file lists no outcome")
            return
        runs = min(self.args.runs, int(directives.get("runs", self.args.runs)))
        stderrs = set() if directives.get("stderr") == "compared" else None
        seen = self.check_cpython(name, program, set(outcomes), runs, stderrs)
        accepted = self.accepts(program)
        if expected is not None:
            if accepted:
                self.fail(name, "lockstep accepts a program outside the subset")
            elif self.front_door:
                self.check_diagnostic(name, program, expected)
            self.checked.append(name)
            return
        if accepted and name in self.waiting_list:
            # accepted, but listed as waiting for a change of lockstep's
            # semantics: it may differ until then, and must once it agrees
            # (then it comes off the list and is checked as any other)
            differs = []
            self.check_lockstep(name, program, outcomes, seen,
                                lambda _, text: differs.append(text))
            if differs:
                self.waiting.append((name, self.waiting_list[name]))
                print("known: %s differs from CPython until %s:\n    %s" % (
                    name, self.waiting_list[name], "\n    ".join(differs)))
            else:
                self.fail(name, "lockstep agrees with CPython now; take it off "
                          "tests/python/waiting")
        elif accepted:
            report = self.check_lockstep(name, program, outcomes, seen)
            if report is not None and stderrs is not None:
                self.check_stderr(name, program, report, stderrs)
            self.checked.append(name)
        elif name in self.waiting_list:
            self.waiting.append((name, self.waiting_list[name]))
        else:
            self.fail(name, "lockstep does not accept it, and tests/python/waiting does not "
                      "say what it waits for")

    def run(self):
        entries = self.programs()
        names = {e[0] for e in entries}
        for name in sorted(set(self.waiting_list) - names):
            if not self.args.only:
                self.fail(name, "listed in tests/python/waiting, but there is no such program")
        with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as pool:
            list(pool.map(self.one, entries))
        features = {}
        for _, f in self.waiting:
            for word in f.split(","):
                features[word.strip()] = features.get(word.strip(), 0) + 1
        print("python programs: %d, run under CPython; %d checked against lockstep "
              "(%d of them invalid, whose diagnostics are %s), %d waiting for lockstep to "
              "accept them" % (len(entries), len(self.checked),
                               sum(1 for e in entries if e[3] is not None),
                               "compared" if self.front_door else
                               "not compared yet: lockstep reads no .py file",
                               len(self.waiting)))
        if features:
            print("waiting for: " + ", ".join("%s (%d)" % kv for kv in sorted(features.items())))
        for f in self.failures:
            print("FAIL: " + f)
        return 1 if self.failures else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lockstep", required=True)
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--runs", type=int, default=int(os.environ.get("PYCHECK_RUNS", "20")))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--update-diagnostics", action="store_true")
    args = ap.parse_args()
    args.srcdir = os.path.abspath(args.srcdir)
    args.lockstep = os.path.abspath(args.lockstep)
    sys.exit(Check(args).run())


main()
