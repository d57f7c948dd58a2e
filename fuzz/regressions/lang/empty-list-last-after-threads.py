# Threads made, then 'done = []' as the module's last statement: the
# thread-list reader looked for a loop after it (NULL, UBSan).
import threading


def work():
    pass


t = threading.Thread(target=work)
t.start()
t.join()
done = []
