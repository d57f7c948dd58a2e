from threading import Lock, active_count

lock = Lock()
