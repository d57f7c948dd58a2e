import threading

lock = threading()
