# A loop over a shared dict's items() while another thread adds to it.
# CPython's view iterator reads one entry per step, and raises
# RuntimeError when the dict's size changed since the loop began (even
# at the step that would have ended the loop).
import threading

scores = {"ann": 1, "bob": 2}


def late():
    scores["cy"] = 3


t = threading.Thread(target=late)
t.start()
total = 0
try:
    for name, n in scores.items():
        total += n
except RuntimeError as e:
    print("RuntimeError:", e)
t.join()
for n in scores.values():
    total += n
print(total, sorted(scores.keys()))
