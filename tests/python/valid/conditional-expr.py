# a if c else b: only the branch chosen is evaluated, so a thread that
# reads `ready` decides which shared name it reads next.
import threading

ready = False
early = "early"
late = "late"


def writer():
    global ready, late
    late = "later"
    ready = True


def reader():
    word = late if ready else early
    print(word, "odd" if len(word) % 2 else "even")


t1 = threading.Thread(target=writer)
t2 = threading.Thread(target=reader)
t1.start()
t2.start()
t1.join()
t2.join()
