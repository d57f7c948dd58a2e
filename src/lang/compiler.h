/* compiler.h - struct compiler, and the functions the compiler's parts share
 * (inside lang/ only; lang/compile.h is the compiler's interface).
 *
 * The compiler is one struct compiler passed through three passes; see
 * compile.c for the passes and the files that hold them.
 */
#ifndef LOCKSTEP_LANG_COMPILER_H
#define LOCKSTEP_LANG_COMPILER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/limits.h"
#include "lang/program.h"
#include "lang/source.h"
#include "util/hashset.h"

/* A set of local slots, for definite assignment.  All bits set stands for
 * "unreachable", the neutral element of intersection. */
struct daset {
	uint64_t w[LANG_MAX_LOCALS / 64];
};


static inline void
da_fill(struct daset *d)
{
	memset(d->w, 0xff, sizeof(d->w));
}

static inline void
da_add(struct daset *d, int slot)
{
	d->w[slot / 64] |= (uint64_t)1 << (slot % 64);
}

static inline bool
da_has(const struct daset *d, int slot)
{
	return (d->w[slot / 64] >> (slot % 64)) & 1;
}

static inline void
da_intersect(struct daset *d, const struct daset *other)
{
	size_t i;

	for (i = 0; i < LANG_MAX_LOCALS / 64; i++)
		d->w[i] &= other->w[i];
}

struct local {
	const char *name;
	struct lang_loc first_assignment;
	bool hidden;
	int thread_group;	/* loops over a list of threads set it (-1 none,
				 * -2 loops over two groups) ... */
	int thread_stores;	/* ... with this many stores */
};

/* TRY: a try's body (and, with a finally, its except clauses and else);
 * EXCEPT: an except clause's body, where a bare raise re-raises. */
enum scope_kind { SCOPE_LOOP, SCOPE_WITH, SCOPE_ATOMIC, SCOPE_TRY, SCOPE_EXCEPT };

/* A stretch of instructions a WITH or TRY scope guards (compile_try.c). */
struct guarded {
	int32_t start, end;
};

/* Jumps to patch once their target is known. */
struct patches {
	size_t *at;
	size_t count, cap;
};

struct scope {
	enum scope_kind kind;
	struct scope *outer;
	/* LOOP */
	struct patches breaks, continues;
	struct daset break_da;
	/* WITH: how to release */
	int prim;		/* shared index */
	int index_slot;		/* local holding the element index, or -1 */
	int64_t const_index;	/* when index_slot < 0 and the primitive is an array */
	bool indexed;
	struct lang_loc loc;
	/* WITH, TRY: what it guards so far; guard_from: where the stretch
	 * open now began, -1 while a return or break runs its cleanup */
	struct guarded *guarded;
	size_t nguarded;
	int32_t guard_from;
	const struct ast_stmt *final;	/* TRY: its finally block, or NULL */
	int exc_slot;			/* EXCEPT: the local holding the exception */
	const char *exc_name;		/* EXCEPT: its `as NAME`, if the clause does not
					 * assign NAME: the exception all along */
};

/* A primitive as the operand of a call or `with`. */
struct prim_ref {
	int shared;
	bool indexed;
	bool const_index;
	int64_t index;		/* when const_index */
	const struct ast_expr *index_expr;
};

enum context { CTX_THREAD, CTX_EXPECT };

struct compiler {
	const struct lang_source *src;
	struct lang_diags *diags;
	struct lang_program *prog;
	struct ast_file *file;
	const struct ast_top **group_tops;	/* AST of each group */
	struct local **group_locals;		/* pass 2, per group */
	int *group_nlocals;

	/* the code being generated */
	enum context ctx;
	int group;			/* -1 in an expect or a function */
	int func;			/* the function being compiled, or -1 */
	const struct ast_top **function_tops;	/* AST of each function */
	const struct ast_name **globals;	/* the function's `global` names */
	size_t nglobals, globals_cap;
	struct lang_code *code;
	size_t code_cap;
	struct local *locals;
	int nlocals;
	bool too_many_insns;
	int finally_depth;	/* finally blocks being compiled, one in another */
	bool too_many_locals;		/* reported for this thread */
	bool too_many_shared;		/* reported */
	struct daset da;
	struct scope *scope;
	int atomic_depth;
	struct lang_expect *expect;
	const char *expect_word;	/* CTX_EXPECT: "expect" or "goal" */

	/* a comprehension variable during constant evaluation */
	const char *comp_var;
	struct lang_value comp_value;

	/* prog->strings: its capacity, and its index by hash */
	size_t strings_cap;
	struct hashindex string_index;

	/* the declared lists, tuples and dicts, and their items: they must
	 * fit the heap from the start */
	int heap_objects, heap_items;

	/* a Python program's class instances (compile_class.c) */
	struct compile_instance *instances;
	size_t ninstances;

	/* every thread's name is among the strings (PUSH_THREAD_NAME) */
	bool thread_names_interned;

	/* module constants with a fraction, read as seconds (compile_timeout.c) */
	struct compile_duration {
		const char *name;
		double seconds;
	} *durations;
	size_t ndurations, durations_cap;

	/* names whose declaration failed: uses of them are not reported */
	const char **broken;
	size_t nbroken, broken_cap;
};

/* compile.c */
void compile_finish_code(struct compiler *c, struct lang_code *code);

/* compile_diag.c */
void compile_error_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void compile_note_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void compile_sort_diagnostics(struct lang_diags *d, size_t from);

/* compile_names.c */
void compile_mark_broken(struct compiler *c, const char *name);
bool compile_is_broken(const struct compiler *c, const char *name);
bool compile_is_builtin_function(const struct compiler *c, const char *name);
bool compile_is_tid(const struct compiler *c, const char *name);
int compile_find_shared(const struct compiler *c, const char *name);
int compile_find_group(const struct compiler *c, const char *name);
int compile_find_local(const struct compiler *c, const char *name);
int compile_group_with_local(const struct compiler *c, const char *name);
void compile_unknown_name(struct compiler *c, const char *name, struct lang_loc loc);
const char *compile_shared_kind_name(const struct lang_shared *s);
const char *compile_article(const char *word);
int compile_intern_string(struct compiler *c, const char *s, size_t len);
bool compile_is_const_true(const struct ast_expr *e);

/* compile_class.c: classes, before compile_python_names; the instances'
 * uses, after compile_python_prim_args */
void compile_python_classes(struct compiler *c);
/* A .race file's classes: its declarations C(...) are the instances,
 * its thread blocks, main: and defs their uses; first of all. */
void compile_race_classes(struct compiler *c);
/* The program's class called name, or NULL. */
const struct ast_class *compile_find_class(const struct compiler *c, const char *name);
/* compile_try.c: the program's own exception classes into the program's
 * table, and out of the classes compile_python_classes reads; first. */
void compile_python_exception_classes(struct compiler *c);
/* Raise cls(message) here. */
void compile_emit_raise(struct compiler *c, int cls, const char *message, struct lang_loc loc);
void compile_python_instance_uses(struct compiler *c);
bool compile_is_instance(const struct compiler *c, const char *name);
bool compile_names_thread_class(const struct ast_file *file, const struct ast_expr *e);

/* compile_local.c: threading.local(), after compile_python_classes */
void compile_python_thread_locals(struct compiler *c);
void compile_instances_free(struct compiler *c);

/* compile_const.c */
bool compile_const_int(struct compiler *c, const struct ast_expr *e, int64_t *out,
    const char *what);
bool compile_const_eval(struct compiler *c, const struct ast_expr *e, struct lang_value *out);
/* Python's truth value of the constant e. */
bool compile_const_truthy(struct compiler *c, const struct ast_expr *e, bool *truth);
/* The program's string constants, as the value operations (lang/value.h)
 * reach them. */
struct lang_value_strings compile_value_strings(struct compiler *c);

/* compile_decl.c */
bool compile_is_range_call(const struct ast_expr *e);
void compile_declare_shared(struct compiler *c, const struct ast_top *top);
void compile_declare_group(struct compiler *c, const struct ast_top *top, int *total_threads);
void compile_expand_threads(struct compiler *c);
bool compile_is_elif(const struct ast_stmt *otherwise);
void compile_collect_locals(struct compiler *c, const struct ast_stmt *s);
int compile_new_hidden_local(struct compiler *c, struct lang_loc loc);
int compile_add_local(struct compiler *c, const char *name, struct lang_loc loc);

/* compile_expr.c */
size_t compile_emit(struct compiler *c, enum lang_opcode op, int32_t a, int32_t b,
    unsigned flags, struct lang_loc loc);
void compile_emit_int(struct compiler *c, int64_t v, struct lang_loc loc);
void compile_patch_here(struct compiler *c, size_t at);
void compile_patches_add(struct patches *p, size_t at);
void compile_patches_resolve(struct compiler *c, struct patches *p, size_t target);
void compile_name(struct compiler *c, const struct ast_expr *e);
bool compile_resolve_prim(struct compiler *c, const struct ast_expr *e, struct prim_ref *ref);
int compile_hold_prim_index(struct compiler *c, const struct prim_ref *ref, struct lang_loc loc);
void compile_emit_call(struct compiler *c, const struct prim_ref *ref, int slot,
    enum lang_method m, int argc, bool want_result, struct lang_loc loc);
bool compile_check_blocking_allowed(struct compiler *c, const char *what, struct lang_loc loc);
void compile_call(struct compiler *c, const struct ast_expr *e, bool want_result);
bool compile_fits_imm(const struct ast_expr *e);
void compile_index_load(struct compiler *c, const struct ast_expr *e);
void compile_expr(struct compiler *c, const struct ast_expr *e);

/* compile_timeout.c */
#define COMPILE_MAX_MS (24.0 * 3600 * 1000)	/* a day: the longest wait */
enum compile_wait {
	COMPILE_WAIT_ERROR,	/* reported */
	COMPILE_WAIT_FOREVER,	/* the plain blocking call */
	COMPILE_WAIT_NOT,	/* acquire's try variant */
	COMPILE_WAIT_TIMED,	/* the timeout pushed: mark the call timed */
};
/* Whose rules: Lock/Semaphore.acquire (-1 waits forever, other negatives
 * are an error), Queue.get/put (negatives an error), wait()/join()
 * (negative: no wait). */
enum compile_timeout_style {
	COMPILE_TIMEOUT_ACQUIRE,
	COMPILE_TIMEOUT_QUEUE,
	COMPILE_TIMEOUT_WAIT,
};
/* A number of seconds known now (a literal, negated or not, or a duration
 * constant): *s. */
bool compile_literal_seconds(const struct compiler *c, const struct ast_expr *e, double *s);
/* A module constant holding a number with a fraction (T = 0.5), which a
 * program may use as a number of seconds only: true if top is one (it is
 * then no shared name). */
bool compile_declare_duration(struct compiler *c, const struct ast_top *top);
bool compile_is_duration(const struct compiler *c, const char *name);
/* The message of the OverflowError CPython raises for a timeout too long
 * for its clock, or NULL. */
const char *compile_timeout_overflow(const struct compiler *c, const struct ast_expr *timeout);
/* Push seconds as whole milliseconds (a literal converted here, a positive
 * one to at least 1 ms; anything else multiplied at run time). */
void compile_emit_ms(struct compiler *c, const struct ast_expr *seconds);
/* Seconds as the whole milliseconds a timeout counts (at most a day). */
int64_t compile_seconds_ms(double s);
/* Bind a call's arguments to the parameters names[0..n-1], positional then
 * by keyword: out[i] the argument for names[i] or NULL.  Returns how many
 * were positional, or -1 after an error. */
int compile_bind_args(struct compiler *c, const struct ast_expr *call, const char *method,
    const char *const *names, int n, const struct ast_expr **out);
/* How a call with these blocking= and timeout= arguments (either NULL)
 * waits; pushes the timeout when it returns COMPILE_WAIT_TIMED. */
enum compile_wait compile_timeout(struct compiler *c, const struct ast_expr *blocking,
    const struct ast_expr *timeout, enum compile_timeout_style style);
/* The call just emitted is timed (its timeout pushed before it). */
void compile_mark_timed(struct compiler *c);

/* compile_heap.c */
bool compile_used_as_list(const struct compiler *c, const char *name);
/* Whether the list, tuple or dict literal e holds a tuple or list. */
bool compile_holds_objects(const struct ast_expr *e);
bool compile_declare_object(struct compiler *c, struct lang_shared *s,
    const struct ast_expr *e, enum lang_object_kind kind);
bool compile_array_to_list(struct compiler *c, struct lang_shared *s);
void compile_list_literal(struct compiler *c, const struct ast_expr *e);
void compile_item_load(struct compiler *c, const struct ast_expr *e);
void compile_item_store(struct compiler *c, const struct ast_stmt *st);
void compile_list_method(struct compiler *c, const struct ast_expr *call, bool want_result);
void compile_len(struct compiler *c, const struct ast_expr *call);
bool compile_goal_refuses(struct compiler *c, const char *what, struct lang_loc loc);
void compile_list_comprehension(struct compiler *c, const struct ast_expr *e);

/* compile_stmt.c */
void compile_block(struct compiler *c, const struct ast_stmt *s);
void compile_enter_scope(struct compiler *c, struct scope *s, enum scope_kind kind);
void compile_emit_release(struct compiler *c, const struct scope *s);

/* compile_try.c */
void compile_try(struct compiler *c, const struct ast_stmt *st);
void compile_raise(struct compiler *c, const struct ast_stmt *st);
/* ValueError("why") and friends as an expression; false if e names no
 * exception class. */
bool compile_exception_call(struct compiler *c, const struct ast_expr *e);
/* Start guarding at the next instruction (a WITH or TRY scope). */
void compile_guard_open(struct compiler *c, struct scope *s);
/* End the stretch open now (the block's normal exit is not guarded). */
void compile_guard_stop(struct compiler *c, struct scope *s);
/* The scope's stretches become handler rows going to target. */
void compile_guard_close(struct compiler *c, struct scope *s, int32_t target);
/* Leaving every scope inside upto (NULL: all) for a return, break or
 * continue: each with releases its lock, each try runs its finally, each
 * atomic block ends, and none of them guards that cleanup; then
 * compile_leave_done once the jump or return is emitted. */
void compile_leave_scopes(struct compiler *c, struct scope *upto, struct lang_loc loc);
void compile_leave_done(struct compiler *c, struct scope *upto);
/* Whether leaving every scope inside upto runs a finally block. */
bool compile_leave_runs_finally(const struct compiler *c, const struct scope *upto);

/* compile_func.c */
int compile_find_function(const struct compiler *c, const char *name);
void compile_declare_function(struct compiler *c, const struct ast_top *top);
void compile_functions(struct compiler *c);
void compile_function_call(struct compiler *c, const struct ast_expr *e, int fi,
    bool want_result);
bool compile_is_global(const struct compiler *c, const char *name);

/* compile_py.c */
void compile_python_names(struct compiler *c);

/* compile_prim_args.c */
void compile_python_prim_args(struct compiler *c);
/* Every name from in block s names to instead. */
void compile_rename_in_block(struct ast_stmt *s, const char *from, const char *to);

/* compile_threads_def.c: the defs main code runs once (ast_top.run_once),
 * marked before compile_python_classes; their primitives made the
 * module's, before compile_python_prim_args. */
void compile_python_mark_run_once(struct compiler *c);
void compile_python_run_once(struct compiler *c);
/* How many times the program names name in code (calls, target=, any
 * other use). */
int compile_mentions_of(struct ast_file *file, const char *name);
int compile_mentions_in_block(struct ast_stmt *block, const char *name);
/* The def that statement s runs once as main code, or NULL. */
struct ast_top *compile_run_once_def(struct compiler *c, const struct ast_stmt *s);
unsigned compile_assigned_at(const struct ast_stmt *s, const char *name);
/* The line where main's code or a def first assigns name, or 0. */
unsigned compile_assigned_in_code(const struct compiler *c, const char *name);
/* The same for the name itself, not an element of what it holds: where
 * block s, or main's code or a def, binds name anew (`except ... as`
 * too), or 0.  A list passed on is the same object until then. */
unsigned compile_rebound_at(const struct ast_stmt *s, const char *name);
unsigned compile_rebound_in_code(const struct compiler *c, const char *name);

/* compile_threads.c */
/* Opening empty lists only a loop of threads fills (threads = [] at the
 * top, then `for ...: t = Thread(...); threads.append(t)`) become main's
 * statements, before the opening names are declared. */
void compile_python_thread_lists(struct compiler *c);
void compile_python_threads(struct compiler *c, int *total_threads);
/* The name var in block s replaced by copies of as (not where a
 * comprehension's own variable hides it). */
void compile_substitute_in_block(struct compiler *c, struct ast_stmt *s, const char *var,
    const struct ast_expr *as);

/* compile_str.c */
void compile_fstring(struct compiler *c, const struct ast_expr *e);
void compile_str_call(struct compiler *c, const struct ast_expr *e);
void compile_len_value(struct compiler *c, const struct ast_expr *e);
/* compile_builtins.c: sum(), min(), sorted() ...; false if name is none of them. */
bool compile_builtin_call(struct compiler *c, const struct ast_expr *e, bool want_result);
/* A for loop's or a builtin's iterable, where d.items() ... may stand. */
void compile_iterable(struct compiler *c, const struct ast_expr *e);
bool compile_is_dict_view(const char *method);
/* Whether a call changes no object: len(), str(), print(), the builtins
 * above and a dict's views (no class of the program defining a method of
 * that name), when no def of the program takes the builtin's name. */
bool compile_is_pure_builtin(const struct compiler *c, const struct ast_expr *call);
int compile_for_iterable(struct compiler *c, const struct ast_expr *e);
void compile_format_call(struct compiler *c, const struct ast_expr *call);
void compile_print(struct compiler *c, const struct ast_expr *e);
void compile_float_error(struct compiler *c, const struct ast_expr *e);

/* compile_tour.c */
void compile_tours(struct compiler *c);

#endif
