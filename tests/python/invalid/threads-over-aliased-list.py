# main names the opening list other than as a builtin's argument before
# the loop (other = ids: an alias that could change it): a diagnostic
import threading

ids = [3, 1, 2]
done = []

def work(i):
    done.append(i)

print(sum(ids))
other = ids
for i in ids:
    t = threading.Thread(target=work, args=(i,))
    t.start()
    t.join()
print(done)
