import threading

pattern = r"worker-\d+"
