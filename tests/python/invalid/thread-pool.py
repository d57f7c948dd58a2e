# Outside the subset: concurrent.futures (write threading.Thread).
from concurrent.futures import ThreadPoolExecutor


def square(n):
    return n * n


with ThreadPoolExecutor(max_workers=2) as pool:
    print(sum(pool.map(square, [1, 2, 3])))
