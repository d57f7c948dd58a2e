# ZeroDivisionError in CPython 3.11's words, which differ for // and %:
# a worker splits its share, and a share of zero raises.
import threading

def split(share):
    try:
        print("per head", 12 // share)
    except ZeroDivisionError as e:
        print("//:", e)
    try:
        print("left over", 12 % share)
    except ZeroDivisionError as e:
        print("%:", e)


for share in (4, 0):
    t = threading.Thread(target=split, args=(share,))
    t.start()
    t.join()
