# Whether pop() raises depends on the schedule: the except path and the
# normal path are both outcomes, and finally runs on either.
import threading

box = []


def consumer():
    try:
        item = box.pop()
        print("got", item)
    except IndexError:
        print("nothing yet")
    finally:
        print("consumer done")


def producer():
    box.append(1)


c = threading.Thread(target=consumer)
p = threading.Thread(target=producer)
c.start()
p.start()
c.join()
p.join()
print("left:", len(box))
