# Outcomes that differ in what they print alone (threading.local(), no
# shared variables): the harness took every schedule for the first one.
# threading.local(): each thread sees its own attribute.
import threading

mine = threading.local()


def work(n):
    mine.value = n
    mine.value += 10
    print(f"sees {mine.value}")


threads = [threading.Thread(target=work, args=(n,)) for n in (1, 2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
