# sum(), sorted() and the other builtins of last session change no list:
# main may print with them before it makes threads over an opening list
import threading

ids = [3, 1, 2]
done = []

def work(i):
    done.append(i)

print("ids", sum(ids), min(ids), max(ids), abs(-2), any(ids), all(ids))
print(sorted(ids), list(ids), tuple(ids), int("7"))
threads = [threading.Thread(target=work, args=(i,)) for i in ids]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(sorted(done))
