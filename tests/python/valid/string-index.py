# A string's characters by index, as in Python: a global's and a
# parameter's, a negative index from the end, and CPython's errors for an
# index out of range, a str index and an assignment.
import threading

word = "héllo"
firsts = []


def initial(name):
    firsts.append(name[0] + name[-1])


t = threading.Thread(target=initial, args=("ann",))
t.start()
t.join()
print(word[1], word[-1], firsts)
for i in (4, 5):
    try:
        print(word[i])
    except IndexError as e:
        print(e)
try:
    print(word["a"])
except TypeError as e:
    print(e)
try:
    word[0] = "H"
except TypeError as e:
    print(e)
