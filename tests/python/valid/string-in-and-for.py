# A string is a sequence: `in` looks for a part of it, and a for loop
# walks its characters (é is one), in a thread as in the main one.
import threading

vowels = 0
lock = threading.Lock()


def count(word):
    global vowels
    for ch in word:
        if ch in "aeioué":
            with lock:
                vowels += 1


t = threading.Thread(target=count, args=("héllo",))
t.start()
count("queue")
t.join()
print(vowels, "ll" in "héllo", "" in "x", "z" not in "abc", [c for c in "ab"])
try:
    print(1 in "a1")
except TypeError as e:
    print(e)
