# Threads named in a loop and a comprehension, as the lecture's pool
# names them: name='thread_' + str(i), name=f"reader-{i}".
import threading

lock = threading.Lock()
seen = []


def note():
    with lock:
        seen.append(threading.current_thread().name)


for i in range(2):
    t = threading.Thread(target=note, name='thread_' + str(i))
    t.start()
    t.join()
readers = [threading.Thread(target=note, name=f"reader-{i}") for i in range(2)]
for r in readers:
    r.start()
for r in readers:
    r.join()
print(seen[0], seen[1], len(seen), "reader-0" in seen, "reader-1" in seen)
