# Adjacent string literals are one string, as in Python: a message split
# over lines inside parentheses.
import threading

greeting = ("hello, "
            "world")


def say(who):
    print("Thread says: "
          "hi " + who, "and" ' bye')


t = threading.Thread(target=say, args=("ann",))
t.start()
t.join()
print(greeting, "a" "b" "c")
