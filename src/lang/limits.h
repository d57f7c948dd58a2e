/* limits.h - every limit of the scenario language, in one place.
 *
 * Each is documented in lockstep-scenario(5) under LIMITS and crossed by a
 * test in tests/bad/.  Going past one is a diagnostic, never a crash or an
 * allocation failure.
 */
#ifndef LOCKSTEP_LANG_LIMITS_H
#define LOCKSTEP_LANG_LIMITS_H

#define LANG_MAX_FILE_BYTES     (1024 * 1024)	/* a scenario file */
#define LANG_MAX_LINE_CHARS     1000		/* one source line */
#define LANG_MAX_BLOCK_DEPTH    32		/* nested indented blocks */
#define LANG_MAX_EXPR_DEPTH     64		/* nested parentheses/operators */
/* Threads besides the main one (a .race main: block, a .py module body),
 * groups expanded: a lecture's [Thread(...) for _ in range(128)] fits. */
#define LANG_MAX_WORKERS        128
#define LANG_MAX_THREADS        (LANG_MAX_WORKERS + 1)	/* and main */
#define LANG_MAX_ARRAY_LEN      1024		/* elements of one shared array */
#define LANG_MAX_HEAP_ITEMS     256		/* items of all lists and tuples
						 * (MODEL_HEAP_CELLS) */
#define LANG_MAX_HEAP_OBJECTS   32		/* lists, tuples and dicts alive
						 * at once (MODEL_HEAP_OBJECTS) */
#define LANG_MAX_STRING_BYTES   256		/* a string literal or value */
#define LANG_MAX_NAME_CHARS     64		/* an identifier */
#define LANG_MAX_SHARED         256		/* top-level names */
#define LANG_MAX_LOCALS         256		/* local names of one thread */
#define LANG_MAX_INSNS          65536		/* instructions of one thread */
#define LANG_MAX_STACK          256		/* evaluation stack of one thread */
#define LANG_MAX_ERRORS         20		/* diagnostics before giving up */
#define LANG_MAX_FUNCTIONS      256		/* defs in one scenario */
#define LANG_MAX_PARAMS         32		/* parameters of one def */
/* copies of a def, one per primitive or instance its calls pass for one
 * parameter (compile_prim_args.c) */
#define LANG_MAX_PARAM_COPIES   16
#define LANG_MAX_UNPACK         32		/* names of one tuple target: a, b = x */
#define LANG_MAX_EXCEPT_CLAUSES 16		/* except clauses of one try */
#define LANG_MAX_TRY_BLOCKS     (LANG_MAX_EXCEPT_CLAUSES + 3)	/* and body, else, finally */
/* A finally block compiles once for each way out of its try, so each
 * finally around it doubles a try's code: try statements with a finally
 * nested in finally blocks at most this deep. */
#define LANG_MAX_FINALLY_DEPTH  8
/* Calls under way in one thread at once (recursion included): one more is
 * a runtime error, RecursionError, as Python's own limit is.  A thread's
 * frame holds at most LANG_MAX_FRAME_SLOTS values for its locals and
 * evaluation stacks, all its calls together: a call that would not fit
 * raises the same RecursionError. */
#define LANG_MAX_CALL_DEPTH     64
#define LANG_MAX_FRAME_SLOTS    4096

#endif
