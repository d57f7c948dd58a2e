# raise ... from None in an except block: the report shows no chain
import queue

q = queue.Queue()


def take():
    try:
        return q.get_nowait()
    except queue.Empty:
        raise LookupError("nothing to take") from None


q.put("first")
print(take())
take()
