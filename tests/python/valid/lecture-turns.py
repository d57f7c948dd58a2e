# Taking turns with a Condition: each thread waits until the shared turn
# number is its own, prints, and passes the turn on.
import threading

ROUNDS = 2
PLAYERS = 3
turn = 0
cond = threading.Condition()


def player(me):
    global turn
    for _ in range(ROUNDS):
        with cond:
            while turn % PLAYERS != me:
                cond.wait()
            print(f"player {me} plays turn {turn}")
            turn += 1
            cond.notify_all()


threads = [threading.Thread(target=player, args=(i,)) for i in range(PLAYERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("game over after", turn, "turns")
