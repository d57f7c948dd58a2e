# A 'try' with 'finally' inside more than 8 finally blocks (LIMITS).
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
                                    try:
                                        x += 1
                                    finally:
                                        x += 1
t = threading.Thread(target=w)
t.start()
t.join()
print(x)
