# seq * n makes a new list or tuple in any code (the lecture's
# `results = [None] * n` inside main()), and an operator Python does not
# define for its operands raises CPython's own TypeError.
import threading

results = []

def square(i):
    row = [i] * i
    results.append(len(row) * i)


def main(n):
    threads = [threading.Thread(target=square, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    blank = [None] * n
    print(len(results), blank, 2 * (1, "x"), [[0]] * 2, [] * 5, [7] * -1)


def errors(l, t, d, s, n):
    for case in range(9):
        try:
            if case == 0:
                print(s + l)
            elif case == 1:
                print(n + l)
            elif case == 2:
                print(d * n)
            elif case == 3:
                print(l * s)
            elif case == 4:
                print(l < n)
            elif case == 5:
                print(d < d)
            elif case == 6:
                print(l - l)
            elif case == 7:
                print(t // n)
            else:
                print(d % n)
        except TypeError as e:
            print(e)


main(3)
errors([1], (2,), {3: 4}, "s", 5)
