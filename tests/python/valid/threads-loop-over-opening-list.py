# A loop over an opening list that starts and joins a thread an item:
# neither the loop nor the threads can change the list while it runs.
import threading

amounts = [5, 7, 11]
total = 0
lock = threading.Lock()


def deposit(amount):
    global total
    with lock:
        total += amount


for amount in amounts:
    t = threading.Thread(target=deposit, args=(amount,))
    t.start()
    t.join()
print(total, len(amounts))
