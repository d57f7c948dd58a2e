counter = 0
if counter < 0:
    raise ValueError("negative") from counter
