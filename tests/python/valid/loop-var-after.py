# A loop's variable read after the loop: the last value when the loop ran,
# CPython's UnboundLocalError when it never ran (that ends the thread, main
# goes on), and a name one branch of an if assigns.
import threading


def last(n):
    for j in range(n):
        pass
    print("last", n, j)


def maybe(flag):
    if flag:
        word = "set"
    try:
        print(word)
    except UnboundLocalError:
        print("unset")


t = threading.Thread(target=last, args=(3,))
t.start()
t.join()
maybe(True)
maybe(False)
u = threading.Thread(target=last, args=(0,))
u.start()
u.join()
for k in range(2):
    pass
print("main", k)
