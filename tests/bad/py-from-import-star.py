from threading import *

lock = Lock()
