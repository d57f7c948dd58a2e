#!/usr/bin/env python3
"""pygen.py START COUNT DIR - writes DIR/gSEED.py for COUNT seeds from START:
Python programs near lockstep's subset, made to reach the corners of the
front end that issue 17 added: classes (Thread subclasses, methods, class
constants), try/except/else/finally nested in one another and in loops
with break, continue, return and raise in every block, Timer and the
timeouts, Threads made in a def main(), conditional expressions nested
deep, docstrings up to a few hundred KiB, and now and then unicode names,
tabs, CRLF, a duplicated line or a construct outside the subset.  About
one in six compiles; the others test the diagnostics.  fuzz/pydrive.sh
runs them through every verb; their files seed the libFuzzer harnesses."""
import random
import sys

EXC = ["RuntimeError", "ValueError", "IndexError", "ZeroDivisionError",
       "AssertionError", "KeyError", "Exception", "queue.Empty", "queue.Full",
       "threading.BrokenBarrierError"]
NAMES = ["x", "val", "n", "x", "val", "_x1", "x", "n", "val", "ñ"]


class G:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.depth = 0

    def ch(self, *a):
        return self.r.choice(a)

    def expr(self, d=0):
        r = self.r
        if d > 3 or r.random() < 0.35:
            return self.ch("0", "1", "2", "x", "val", "True", "None", "'s'",
                           "self_or_x", "len(log)", "-1", "n")
        k = r.randrange(8)
        if k == 0:
            return f"({self.expr(d+1)} if {self.expr(d+1)} else {self.expr(d+1)})"
        if k == 1:
            return f"{self.expr(d+1)} {self.ch('+','-','*','//','%','==','<','and','or')} {self.expr(d+1)}"
        if k == 2:
            return f"(not {self.expr(d+1)})"
        if k == 3:
            return f"[{self.expr(d+1)}, {self.expr(d+1)}]"
        if k == 4:
            return f"f\"{{{self.expr(d+1)}}}\""
        if k == 5:
            return f"str({self.expr(d+1)})"
        if k == 6:
            return f"c.m({self.expr(d+1)})"
        return f"({self.expr(d+1)})"

    def deep_cond(self, n):
        e = "1"
        for i in range(n):
            e = self.ch(f"({e} if x else {i})", f"{i} if ({e}) else {i}",
                        f"(x if ({e}) else (y if {i} else 0))")
        return e

    def block(self, ind, n, ctx):
        out = []
        for _ in range(n):
            out += self.stmt(ind, ctx)
        if not out:
            out = [ind + "pass"]
        return out

    def stmt(self, ind, ctx):
        r = self.r
        self.depth += 1
        try:
            if self.depth > 7:
                return [ind + self.ch("pass", "x = 1", "log.append(1)", "raise ValueError('v')")]
            k = r.randrange(26)
            if k == 20 and r.random() < 0.8: k = 21
            if k in (16, 17, 8, 15) and r.random() < 0.93: k = 21
            sub = ind + "    "
            if k == 0:
                lines = [ind + "try:"] + self.block(sub, r.randrange(1, 3), ctx)
                nh = r.randrange(0, 4)
                for i in range(nh):
                    e = self.ch(*EXC)
                    if r.random() < 0.3:
                        e = f"({e}, {self.ch(*EXC)})"
                    asn = self.ch("", " as e", " as exc")
                    lines += [ind + f"except {e}{asn}:"] + self.block(sub, r.randrange(1, 3), ctx)
                if r.random() < 0.2:
                    lines += [ind + "except:"] + self.block(sub, 1, ctx)
                if nh and r.random() < 0.3:
                    lines += [ind + "else:"] + self.block(sub, 1, ctx)
                if nh == 0 or r.random() < 0.5:
                    lines += [ind + "finally:"] + self.block(sub, r.randrange(1, 3), ctx | {"finally"})
                return lines
            if k == 1:
                return [ind + self.ch("raise", f"raise {self.ch(*EXC)}",
                                      f"raise {self.ch(*EXC)}('m')",
                                      f"raise {self.ch(*EXC)}({self.expr()})",
                                      "raise e", "raise")]
            if k == 2 and "func" in ctx:
                return [ind + self.ch("return", f"return {self.expr()}")]
            if k == 3 and "loop" in ctx:
                return [ind + self.ch("break", "continue")]
            if k == 4:
                return [ind + f"for i in range({self.ch('2','3','0','-1','n')}):"] + \
                    self.block(sub, r.randrange(1, 3), ctx | {"loop"})
            if k == 5:
                return [ind + f"while {self.ch('x < 3', 'True', 'not ev.is_set()', 'len(log) < 4')}:"] + \
                    [sub + "x += 1"] + self.block(sub, r.randrange(1, 3), ctx | {"loop"})
            if k == 6:
                return [ind + f"with {self.ch('lock', 'rl', 'cond', 'c.lock', 'sem')}:"] + \
                    self.block(sub, r.randrange(1, 3), ctx)
            if k == 7:
                return [ind + f"if {self.expr()}:"] + self.block(sub, 1, ctx) + \
                    ([ind + "else:"] + self.block(sub, 1, ctx) if r.random() < 0.5 else [])
            if k == 8:
                return [ind + self.ch("t2 = threading.Timer(0.01, work)",
                                      "t2 = threading.Timer(0, work, args=(1,))",
                                      "t2 = threading.Timer(x, c.m)",
                                      "threading.Timer(0.001, work).start()")] + \
                    [ind + self.ch("t2.start()", "t2.cancel()", "t2.join()", "t2.cancel()",
                                   "t2.join(timeout=0.01)", "pass")]
            if k == 9:
                return [ind + self.ch("lock.acquire(timeout=0.01)",
                                      "ok = lock.acquire(timeout=x)",
                                      "cond.wait(0.01)", "ev.wait(0.001)", "ev.wait(timeout=0)",
                                      "q.get(timeout=0.01)", "q.put(1, timeout=0.01)",
                                      "sem.acquire(timeout=0)", "b.wait(timeout=0.01)",
                                      "time.sleep(0.001)", "q.get_nowait()", "lock.release()",
                                      "ev.set()", "cond.notify_all()", "b.abort()")]
            if k == 10:
                return [ind + f"{self.ch(*NAMES)} = {self.expr()}"]
            if k == 11:
                return [ind + self.ch('"""' + ("d" * 70 + "\n") * r.choice([1, 5, 300, 3000]) + '"""',
                                      "'''doc\n\n  with lines\n'''", '"doc"',
                                      '"""\t\r\n"""')]
            if k == 12:
                return [ind + f"x = {self.deep_cond(r.choice([3, 10, 20, 30]))}"]
            if k == 13:
                return [ind + self.ch("c.v += 1", "c.m(2)", "print(c.v)",
                                      "log.append(c)", 
                                      "c.lock.acquire()")]
            if k == 14:
                return [ind + self.ch("log.append(x)", "print(x, val, sep=',')",
                                      "assert x < 5, 'big'", "x = x",
                                      "x = log.pop() if log else 0", "log.remove(1)", "print(f'{x!r:>5}')")]
            if k == 15:
                return [ind + self.ch("th = threading.Thread(target=work)",
                                      "th = threading.Thread(target=work, args=(x,), daemon=True)",
                                      "th = threading.Thread(target=work, args=(1,))")] + \
                    [ind + self.ch("th.start()", "th.join()", "th.join()", "th.start()")]
            if k == 16:
                return [ind + "def inner():"] + self.block(sub, r.randrange(1, 3), ctx | {"func"}) + \
                    [ind + "inner()"]
            if k == 17:
                return [ind + "class Local:"] + self.block(sub, 1, set()) + \
                    [sub + "def m(self):"] + self.block(sub + "    ", 1, {"func"})
            if k == 18:
                return [ind + f"x = {self.expr()} if {self.expr()} else {self.expr()}"]
            if k == 19:
                return [ind + "x = [i if i else 0 for i in range(3)]"]
            if k == 20:
                return [ind + self.ch("lambda: 1", "yield 1", "async def f(): pass",
                                      "x: int = 1", "import os", "c.m(*log)", "x = {**d}",
                                      "raise ValueError() from e", "try: pass", "except:", "finally: pass")]
            return [ind + self.ch("x += 1", "val = val + 1", "pass", "log.append(val)", "print('hi')")]
        finally:
            self.depth -= 1

    def program(self):
        r = self.r
        L = []
        if r.random() < 0.3:
            L.append('"""' + ("module doc\n") * r.choice([1, 10, 1000]) + '"""')
        L += ["import threading", "import time", "import queue",
              "x = 0", "val = 0", "n = 2", "y = 1", "log = []", "d = {}",
              "lock = threading.Lock()", "rl = threading.RLock()",
              "cond = threading.Condition()", "sem = threading.Semaphore(1)",
              "ev = threading.Event()", "q = queue.Queue(1)", "b = threading.Barrier(2)",
              "self_or_x = 0", ""]
        nclass = r.choice([1, 2, 3, 3])
        for ci in range(nclass):
            base = self.ch("", "(threading.Thread)", "(threading.Thread)", "(object)") if ci else ""
            cname = "C" if ci == 0 else ["Sub", "W"][ci - 1]
            L.append(f"class {cname}{base}:")
            if r.random() < 0.5:
                L.append('    """' + self.ch("cls doc", ("x" * 60 + "\n") * 40, "a\n\n b") + '"""')
            if r.random() < 0.4:
                L.append("    count = 0")
            L.append("    def __init__(self, v=0):")
            if base == "(threading.Thread)" and r.random() < 0.7:
                L.append("        super().__init__()")
            L.append("        self.v = v")
            L.append("        self.lock = threading.Lock()")
            L.append("    def m(self, a=1):")
            L.append("        global x, val")
            L += self.block("        ", r.randrange(1, 4), {"func"})
            L.append("        return a")
            if r.random() < 0.6:
                L.append("    def run(self):")
                L.append("        global x, val")
                L += self.block("        ", r.randrange(1, 4), {"func"})
        L += ["", "", "def work(a=0):", "    global x, val"]
        L += self.block("    ", r.randrange(1, 5), {"func"})
        L.append("")
        if r.random() < 0.6:
            L += ["def main():", "    global x"]
            L += self.block("    ", r.randrange(0, 3), {"func"})
            L += ["    ts = [threading.Thread(target=work) for _ in range(%d)]" % r.choice([1, 2, 3]),
                  "    w = " + self.ch("W()", "Sub()", "threading.Timer(0.01, work)", "C()")]
            L += ["    for t in ts:", "        t.start()"]
            L += ["    " + self.ch("w.start()", "pass", "w.start()")]
            L += self.block("    ", r.randrange(0, 3), {"func"})
            L += ["    for t in ts:", "        t.join()", ""]
            L += ["if __name__ == '__main__':", "    main()"]
            if r.random() < 0.1:
                L.append("    main()")
        else:
            L += ["t1 = threading.Thread(target=work)", "t2 = threading.Thread(target=work, args=(1,))",
                  "t1.start()", "t2.start()"]
            L += self.block("", r.randrange(0, 3), set())
            L += ["t1.join()", "t2.join()"]
        L.append("print(x, val, log)")
        text = "\n".join(L) + "\n"
        m = r.random()
        if m < 0.08:
            text = text.replace("\n", "\r\n")
        elif m < 0.12:
            text = text.replace("    ", "\t")
        elif m < 0.14:
            text = text.replace("    ", " \t")
        elif m < 0.2:
            # splice: drop or duplicate a line
            ls = text.split("\n")
            i = r.randrange(len(ls))
            j = r.randrange(len(ls))
            ls.insert(j, ls[i])
            text = "\n".join(ls)
        return text


if __name__ == "__main__":
    start, count, outdir = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    for s in range(start, start + count):
        with open(f"{outdir}/g{s}.py", "w", newline="") as f:
            f.write(G(s).program())
