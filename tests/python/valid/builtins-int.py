# Workers parse text into numbers with int() and add them into a shared
# dict with get(); a bad line is CPython's ValueError, caught.  The
# read-then-write on totals["a"] is a lost update: two outcomes.
import threading

totals = {}


def parse(key, text):
    try:
        value = int(text)
    except ValueError as e:
        print("skipped", key, e)
        return
    totals[key] = totals.get(key, 0) + value


jobs = [("a", " 4"), ("a", "+1_0"), ("b", "x7")]
threads = [threading.Thread(target=parse, args=(key, text)) for key, text in jobs]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(totals.items()), "b" in totals, int(), abs(int("-3")))
