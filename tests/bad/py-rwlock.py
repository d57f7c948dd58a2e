rw = RWLock()
