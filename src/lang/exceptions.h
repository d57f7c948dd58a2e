/* exceptions.h - the exception classes a Python program meets, one table.
 *
 * An exception is a value whose text is what CPython's last traceback line
 * says: the class's printed name, then ": " and str() of the exception if
 * that is not empty ("ValueError: zero", "_queue.Empty", "KeyError: 'a'").
 * Every raise in lockstep -- an interpreter error (model/eval.c), a
 * primitive's (model/methods.c), a `raise` statement -- makes such a text,
 * so the class of any exception is found from its text alone
 * (lang_exc_of_text), and `except` matches it against the hierarchy here.
 * A text no class here begins ("internal error: ...") is no Python
 * exception: nothing catches it.
 *
 * To add a class: a row below (its parent must come before it); a program
 * names it as a builtin (module NULL) or as module.name after an import
 * (lang/pymodules.h lists the importable ones as LANG_PY_EXCEPTION).
 *
 * A program's own classes (`class QueueClosed(Exception): pass`) follow
 * the table's, numbered from LANG_EXC_COUNT in the order written, in the
 * program's struct lang_exc_own; every function below that takes one
 * reads them too (NULL: none).  CPython prints a class of the __main__
 * module by its bare name ("QueueClosed: closed"), so its printed name
 * is its name, and its text finds it as a builtin's does.
 */
#ifndef LOCKSTEP_LANG_EXCEPTIONS_H
#define LOCKSTEP_LANG_EXCEPTIONS_H

#include <stdbool.h>
#include <stddef.h>

/*      id              printed name                    module       name                 parent */
#define LANG_EXCEPTIONS(X) \
	X(BASE,           "BaseException",               NULL,        "BaseException",     BASE) \
	X(EXCEPTION,      "Exception",                   NULL,        "Exception",         BASE) \
	X(ARITHMETIC,     "ArithmeticError",             NULL,        "ArithmeticError",   EXCEPTION) \
	X(ZERO_DIVISION,  "ZeroDivisionError",           NULL,        "ZeroDivisionError", ARITHMETIC) \
	X(OVERFLOW,       "OverflowError",               NULL,        "OverflowError",     ARITHMETIC) \
	X(LOOKUP,         "LookupError",                 NULL,        "LookupError",       EXCEPTION) \
	X(INDEX,          "IndexError",                  NULL,        "IndexError",        LOOKUP) \
	X(KEY,            "KeyError",                    NULL,        "KeyError",          LOOKUP) \
	X(RUNTIME,        "RuntimeError",                NULL,        "RuntimeError",      EXCEPTION) \
	X(RECURSION,      "RecursionError",              NULL,        "RecursionError",    RUNTIME) \
	X(VALUE,          "ValueError",                  NULL,        "ValueError",        EXCEPTION) \
	X(TYPE,           "TypeError",                   NULL,        "TypeError",         EXCEPTION) \
	X(ASSERTION,      "AssertionError",              NULL,        "AssertionError",    EXCEPTION) \
	X(NAME,           "NameError",                   NULL,        "NameError",         EXCEPTION) \
	X(UNBOUND_LOCAL,  "UnboundLocalError",           NULL,        "UnboundLocalError", NAME) \
	X(ATTRIBUTE,      "AttributeError",              NULL,        "AttributeError",    EXCEPTION) \
	X(MEMORY,         "MemoryError",                 NULL,        "MemoryError",       EXCEPTION) \
	X(OS,             "OSError",                     NULL,        "OSError",           EXCEPTION) \
	X(TIMEOUT,        "TimeoutError",                NULL,        "TimeoutError",      OS) \
	X(QUEUE_EMPTY,    "_queue.Empty",                "queue",     "Empty",             EXCEPTION) \
	X(QUEUE_FULL,     "queue.Full",                  "queue",     "Full",              EXCEPTION) \
	X(BROKEN_BARRIER, "threading.BrokenBarrierError", "threading", "BrokenBarrierError", RUNTIME)

enum lang_exc {
#define X(id, printed, module, name, parent) LANG_EXC_##id,
	LANG_EXCEPTIONS(X)
#undef X
	LANG_EXC_COUNT
};

/* A program's own exception classes: class LANG_EXC_COUNT + i is
 * names[i], derived from parents[i] (a class before it). */
struct lang_exc_own {
	char **names;
	int *parents;
	size_t n;
};

/* The new class name derived from parent: its number. */
int lang_exc_own_add(struct lang_exc_own *own, const char *name, int parent);
/* The program's own class called name, or -1. */
int lang_exc_own_find(const struct lang_exc_own *own, const char *name);
void lang_exc_own_free(struct lang_exc_own *own);

/* The class an exception's text names, or -1 (no Python exception). */
int lang_exc_of_text(const struct lang_exc_own *own, const char *text);
/* Whether cls is base or derives from it. */
bool lang_exc_derives(const struct lang_exc_own *own, int cls, int base);
/* "_queue.Empty": how tracebacks name it. */
const char *lang_exc_printed(const struct lang_exc_own *own, int cls);
/* "Empty": how a program names it (after its module, if it has one). */
const char *lang_exc_name(const struct lang_exc_own *own, int cls);
/* The builtin class called name, or -1. */
int lang_exc_builtin(const char *name);
/* module.name, or -1. */
int lang_exc_in_module(const char *module, const char *name);
/* str() of the exception whose text is text: what follows "Class: ". */
const char *lang_exc_message(const char *text);
/* The text of an exception of cls with str() message ("" for none). */
void lang_exc_text(const struct lang_exc_own *own, int cls, const char *message, char *buf,
    size_t size);

#endif
