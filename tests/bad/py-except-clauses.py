# More than 16 except clauses in one try (LIMITS).
try:
    x = 1
except ValueError:
    x = 0
except ValueError:
    x = 1
except ValueError:
    x = 2
except ValueError:
    x = 3
except ValueError:
    x = 4
except ValueError:
    x = 5
except ValueError:
    x = 6
except ValueError:
    x = 7
except ValueError:
    x = 8
except ValueError:
    x = 9
except ValueError:
    x = 10
except ValueError:
    x = 11
except ValueError:
    x = 12
except ValueError:
    x = 13
except ValueError:
    x = 14
except ValueError:
    x = 15
except ValueError:
    x = 16
