# Threads made over an opening list that main code has already changed:
# lockstep cannot be sure of the items the comprehension sees.
import threading

evens = [0, 2]
done = []


def note(n):
    done.append(n)


evens.append(4)
threads = [threading.Thread(target=note, args=(n,)) for n in evens]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(done))
