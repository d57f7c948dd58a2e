# A try with a finally inside 8 finally blocks, one in another: the most
# LIMITS allows (each finally compiles once for each way out of its try).
import threading
x = 0
def w():
    global x
    try:
        x += 1
    finally:
        try:
            x += 1
        finally:
            try:
                x += 1
            finally:
                try:
                    x += 1
                finally:
                    try:
                        x += 1
                    finally:
                        try:
                            x += 1
                        finally:
                            try:
                                x += 1
                            finally:
                                try:
                                    x += 1
                                finally:
                                    x += 1
t = threading.Thread(target=w)
t.start()
t.join()
print(x)
