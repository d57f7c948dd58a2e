# Outside the subset: the assignment expression (:=).
if (n := 3) > 2:
    print(n)
