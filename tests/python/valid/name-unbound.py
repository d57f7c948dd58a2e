# A module-level loop that never ran leaves its name undefined: NameError.
for k in range(0):
    pass
print("before")
print(k)
