# Outside the subset: match.
command = "go"
match command:
    case "go":
        print("going")
    case _:
        print("staying")
