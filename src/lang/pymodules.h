/* pymodules.h - the Python modules and names a .py program may import.
 *
 * One table says what `threading`, `time` and `queue` offer to a lockstep
 * program: a primitive's constructor (threading.Lock is LANG_PRIM_LOCK),
 * time.sleep, threading.Thread, a name that belongs to the documented
 * subset but is not supported yet (threading.Timer), or nothing (an
 * error that names it and lists what is there).  The parser reads it to
 * check imports and to tell a declaration (`m = threading.Lock()`) from
 * main's code; the compiler reads it to resolve `threading.Lock()`,
 * `th.Lock()` and `Lock()` after `from threading import Lock`; the
 * manual's list is this table.
 */
#ifndef LOCKSTEP_LANG_PYMODULES_H
#define LOCKSTEP_LANG_PYMODULES_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/primitives.h"

enum lang_py_kind {
	LANG_PY_PRIM,		/* a primitive's constructor */
	LANG_PY_SLEEP,		/* time.sleep(seconds) */
	LANG_PY_THREAD,		/* threading.Thread (lang/compile_threads.c) */
	LANG_PY_EXCEPTION,	/* an exception class (lang/exceptions.h) */
	LANG_PY_TIMER,		/* threading.Timer (lang/compile_threads.c) */
	LANG_PY_CURRENT,	/* threading.current_thread() (the same) */
	LANG_PY_MAIN_THREAD,	/* threading.main_thread() (the same) */
	LANG_PY_LATER,		/* in the subset, not supported yet */
};

/*      module       name                  kind            primitive */
#define LANG_PY_NAMES(X) \
	X("threading", "Lock",               LANG_PY_PRIM,  LANG_PRIM_LOCK) \
	X("threading", "RLock",              LANG_PY_PRIM,  LANG_PRIM_RLOCK) \
	X("threading", "Semaphore",          LANG_PY_PRIM,  LANG_PRIM_SEMAPHORE) \
	X("threading", "BoundedSemaphore",   LANG_PY_PRIM,  LANG_PRIM_BSEMAPHORE) \
	X("threading", "Condition",          LANG_PY_PRIM,  LANG_PRIM_CONDITION) \
	X("threading", "Event",              LANG_PY_PRIM,  LANG_PRIM_EVENT) \
	X("threading", "Barrier",            LANG_PY_PRIM,  LANG_PRIM_BARRIER) \
	X("threading", "Thread",             LANG_PY_THREAD, LANG_PRIM_COUNT) \
	X("threading", "current_thread",     LANG_PY_CURRENT, LANG_PRIM_COUNT) \
	X("threading", "currentThread",      LANG_PY_CURRENT, LANG_PRIM_COUNT) \
	X("threading", "main_thread",        LANG_PY_MAIN_THREAD, LANG_PRIM_COUNT) \
	X("threading", "BrokenBarrierError", LANG_PY_EXCEPTION, LANG_PRIM_COUNT) \
	X("threading", "Timer",              LANG_PY_TIMER, LANG_PRIM_COUNT) \
	X("threading", "local",              LANG_PY_LATER, LANG_PRIM_COUNT) \
	X("queue",     "Queue",              LANG_PY_PRIM,  LANG_PRIM_QUEUE) \
	X("queue",     "Empty",              LANG_PY_EXCEPTION, LANG_PRIM_COUNT) \
	X("queue",     "Full",               LANG_PY_EXCEPTION, LANG_PRIM_COUNT) \
	X("time",      "sleep",              LANG_PY_SLEEP, LANG_PRIM_COUNT)

struct lang_py_name {
	const char *module, *name;
	enum lang_py_kind kind;
	enum lang_prim_type prim;	/* LANG_PY_PRIM */
};

/* Whether module is one a program may import. */
bool lang_py_module_known(const char *module);
/* module.name, or NULL if the table lacks it. */
const struct lang_py_name *lang_py_lookup(const char *module, const char *name);
/* "Lock, RLock, ..." : what module offers that works now, for messages. */
void lang_py_supported(const char *module, char *buf, size_t size);
/* The modules, "threading, time and queue", for messages. */
const char *lang_py_modules(void);

#endif
