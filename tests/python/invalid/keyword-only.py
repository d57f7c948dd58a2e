# Outside the subset: keyword-only parameters (a bare * among them).
def work(who, times=2, *, step=1):
    return who

print(work(1, step=2))
