# A nested tuple target among the module's statements.
(a, b), c = (1, 2), 3
print(a, b, c)
