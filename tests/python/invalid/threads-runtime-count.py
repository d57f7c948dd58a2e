# Threads made in a loop whose count main code computes as it runs:
# lockstep's threads are made when it reads the program, so the count
# must be a constant there.
import threading

done = []


def work(n):
    done.append(n)


def how_many(jobs):
    return len(jobs) + 1


count = how_many([1, 2])
threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(done))
