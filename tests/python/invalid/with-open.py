# Outside the subset: files.
with open(__file__, encoding="utf-8") as f:
    print("opened", f.readable())
