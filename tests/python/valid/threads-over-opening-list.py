# Threads made over an opening list of strings, a filter among them, with
# a print before: main code has changed nothing the list could be.
import threading

names = ["ann", "bob", "cy"]
greeted = []


def greet(who):
    greeted.append(who)


print("greeting", len(names) - 1)
threads = [threading.Thread(target=greet, args=(n,)) for n in names if n != "bob"]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(greeted), names, "bob" in greeted)
