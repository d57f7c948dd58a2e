import multiprocessing

counter = 0
