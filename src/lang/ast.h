/* ast.h - the parsed scenario, before names are resolved.
 *
 * Every node lives in one arena owned by struct ast_file and is freed with
 * it.  Lists are singly linked through `next`.  Locations point at the token
 * a diagnostic should underline; start/end span the whole expression's
 * source bytes (used to show `expect` text as written).
 */
#ifndef LOCKSTEP_LANG_AST_H
#define LOCKSTEP_LANG_AST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/diag.h"
#include "lang/program.h"

enum ast_expr_kind {
	AST_INT, AST_STR, AST_BOOL, AST_NONE,
	AST_NAME,	/* name */
	AST_INDEX,	/* base[index] */
	AST_ATTR,	/* base.name, only as the callee of a call */
	AST_CALL,	/* callee(args) */
	AST_UNARY,	/* -x, not x */
	AST_BINARY,	/* arithmetic and comparisons */
	AST_AND, AST_OR,
	AST_LIST,	/* [a, b, c] */
	AST_LISTCOMP,	/* [elem for var in range(...)] */
	AST_FLOAT,	/* 0.001: only time.sleep()'s duration uses it */
	AST_FSTRING,	/* f"...{x!r:>5}..." */
	AST_IN,		/* lhs in rhs (binary.op EQ), lhs not in rhs (NE) */
	AST_TUPLE,	/* (a, b), (a,), (): its items in u.list */
	AST_DICT,	/* {k: v, ...}: keys and values in u.list, key first */
	AST_COND,	/* then if cond else otherwise */
};

/* A piece of an f-string: literal text, or a replacement field. */
struct ast_fpart {
	const char *text;		/* literal piece, or NULL for a field */
	size_t len;
	struct ast_expr *expr;		/* the field's expression */
	char conv;			/* 'r', 's', 'a' or 0 */
	const char *spec;		/* after ':', or NULL */
	struct lang_loc spec_loc;
	struct ast_fpart *next;
};

struct ast_arg {
	const char *keyword;	/* NULL for a positional argument */
	struct lang_loc keyword_loc;
	struct ast_expr *value;
	struct ast_arg *next;
};

struct ast_expr {
	enum ast_expr_kind kind;
	struct lang_loc loc;
	size_t start, end;
	union {
		int64_t ival;				/* INT, BOOL */
		double fval;				/* FLOAT */
		struct ast_fpart *fstr;			/* FSTRING */
		struct { const char *s; size_t len; } str;	/* STR */
		const char *name;			/* NAME */
		struct { struct ast_expr *base, *index; } index;
		struct { struct ast_expr *base; const char *name; } attr;
		struct { struct ast_expr *callee; struct ast_arg *args; int nargs; } call;
		struct { enum lang_unop op; struct ast_expr *operand; } unary;
		struct { enum lang_binop op; struct ast_expr *lhs, *rhs; } binary;
		struct { struct ast_expr *lhs, *rhs; } logic;	/* AND, OR */
		struct { struct ast_expr *cond, *then, *otherwise; } cond;
		struct {
			struct ast_expr **items;
			int n;
		} list;				/* LIST, TUPLE, DICT */
		struct {
			struct ast_expr *elem;
			const char *var;
			struct lang_loc var_loc;
			struct ast_expr *range;		/* a CALL of range */
			struct ast_expr *cond;		/* its `if` filter, or NULL */
			/* [... for a, b in x]: var is hidden, targets the
			 * TUPLE a, b, and unpack assigns them from var
			 * (parser_unpack.c); else both NULL */
			struct ast_expr *targets;
			struct ast_stmt *unpack;
			/* [... for i, x in enumerate(xs)]: the count's
			 * start, run before the loop; else NULL */
			struct ast_stmt *before;
		} comp;
	} u;
};

enum ast_stmt_kind {
	AST_ASSIGN,	/* target = value, or target op= value */
	AST_EXPR,	/* a call as a statement */
	AST_IF, AST_WHILE, AST_FOR,
	AST_BREAK, AST_CONTINUE, AST_PASS,
	AST_ASSERT, AST_ATOMIC, AST_WITH,
	AST_RETURN,	/* return, return EXPR (inside a def) */
	AST_GLOBAL,	/* global NAME, ... */
	AST_TRY,	/* try/except/else/finally (a .py program) */
	AST_RAISE,	/* raise, raise EXPR */
};

/* One `except [TYPE [as NAME]]:` clause; type NULL catches everything. */
struct ast_handler {
	struct ast_expr *type;		/* a class, or a tuple of them */
	const char *name;		/* `as NAME`, or NULL */
	struct lang_loc loc, name_loc;
	struct ast_stmt *body;
	struct ast_handler *next;
};

/* One name of a `global` statement. */
struct ast_name {
	const char *name;
	struct lang_loc loc;
	struct ast_name *next;
};

/* A parameter of a def: NAME or NAME=constant. */
struct ast_param {
	const char *name;
	struct lang_loc loc;
	struct ast_expr *default_value;	/* NULL if none */
	struct ast_param *next;
};

struct ast_stmt {
	enum ast_stmt_kind kind;
	struct lang_loc loc;		/* the statement's first token */
	struct ast_stmt *next;
	union {
		struct {
			struct ast_expr *target, *value;
			bool augmented;
			enum lang_binop op;	/* when augmented */
			struct lang_loc op_loc;
		} assign;
		struct ast_expr *expr;		/* EXPR */
		struct {
			struct ast_expr *cond;
			struct ast_stmt *then, *otherwise;	/* elif: an IF in otherwise */
		} if_;
		struct { struct ast_expr *cond; struct ast_stmt *body; } while_;
		struct {
			const char *var;
			struct lang_loc var_loc;
			struct ast_expr *range;		/* the iterable as written */
			struct ast_stmt *body;
			const char *thread_group;	/* over a list of threads
							 * (compile_threads.c): var is
							 * the member's number */
		} for_;
		struct { struct ast_expr *cond, *message; } assert_;
		struct ast_stmt *body;			/* ATOMIC */
		struct { struct ast_expr *prim; struct ast_stmt *body; } with;
		struct ast_expr *value;			/* RETURN: NULL for a bare return */
		struct ast_name *names;			/* GLOBAL */
		struct {
			struct ast_stmt *body, *orelse, *final;
			struct ast_handler *handlers;
		} try_;
		struct ast_expr *exc;			/* RAISE: NULL for a bare raise */
	} u;
	/* RAISE: the NAME of `raise X from NAME` ("None" for from None), or
	 * NULL: which chain the report of an uncaught X shows (compile_try.c) */
	const char *cause;
	struct lang_loc cause_loc;
};

enum ast_top_kind { AST_DECL, AST_THREAD, AST_MAIN, AST_EXPECT, AST_DEF };

struct ast_top {
	enum ast_top_kind kind;
	struct lang_loc loc;
	struct ast_top *next;
	const char *name;		/* DECL, THREAD, DEF */
	struct lang_loc name_loc;
	struct ast_expr *value;		/* DECL: initializer; EXPECT: expression */
	struct ast_expr *count;		/* THREAD NAME[count], or NULL */
	const char **thread_names;	/* THREAD NAME[count] made from Python Thread
					 * objects: each thread's name, or NULL */
	bool daemon;
	struct ast_stmt *body;		/* THREAD, MAIN, DEF */
	struct ast_param *params;	/* DEF */
	int nparams;
	const struct ast_stmt *run_once;	/* DEF: the one call, a statement of
						 * main code, that runs it, if that
						 * is certain (compile_threads_def.c) */
	unsigned first_line, last_line;
};

/* One step of a tour: `A: "caption"` or `w[1]: "caption"`. */
struct ast_tour_step {
	const char *thread;		/* as written: "A", "w[1]", "main" */
	struct lang_loc loc;		/* the thread's name */
	const char *caption;
	struct ast_tour_step *next;
};

/* `tour "name":` and its steps. */
struct ast_tour {
	const char *name;
	struct lang_loc loc;		/* the 'tour' word */
	struct ast_tour_step *steps;
	struct ast_tour *next;
};

/* `goal: deadlock | assertion | EXPR`. */
struct ast_goal {
	enum lang_goal_kind kind;
	struct ast_expr *expr;		/* LANG_GOAL_EXPR */
	struct lang_loc loc;		/* the 'goal' word */
};

/* `import M [as A]` (name NULL) or `from M import N [as A]`: the program
 * binds alias to module M or to M's name N. */
struct ast_import {
	const char *module, *name, *alias;
	struct lang_loc loc;		/* the name bound */
	struct ast_import *next;
};

/* `class NAME:`, `class NAME(object):` or `class NAME(threading.Thread):`
 * in a Python program: its methods and its constants, as written; the
 * compiler elaborates each instance (compile_class.c). */
struct ast_class {
	const char *name;
	struct lang_loc loc;		/* the class's name */
	struct ast_expr *base;		/* as written, or NULL */
	struct ast_top *methods;	/* AST_DEF, self first */
	struct ast_top *constants;	/* AST_DECL: NAME = value in the body */
	struct ast_class *next;
};

struct ast_file {
	const char *title, *about;	/* NULL if absent */
	bool python;			/* a .py file (see lang_source_is_python) */
	/* exceptions can be caught: a .py file, or a .race file with a try
	 * (without one, a raise ends the run and nothing need unwind) */
	bool handlers;
	struct ast_import *imports;	/* Python: in the order written */
	struct ast_class *classes;	/* Python: in the order written */
	struct ast_top *tops;
	struct ast_tour *tours;
	struct ast_goal *goal;		/* NULL if none */
	struct ast_arena *arena;
};

/* Arena allocation: zeroed memory that lives until ast_file_free. */
struct ast_arena;
struct ast_arena *ast_arena_new(void);
void *ast_alloc(struct ast_arena *arena, size_t size);
char *ast_strndup(struct ast_arena *arena, const char *s, size_t n);
/* A formatted string in the arena, of any length. */
char *ast_printf(struct ast_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ast_arena_free(struct ast_arena *arena);

void ast_file_free(struct ast_file *file);
/* Call fn on the expression in *slot, then, if it returns true, on each
 * expression inside it (as *slot is after fn, which may replace it); or
 * so on every expression of a block's statements. */
typedef bool ast_expr_visit(struct ast_expr **slot, void *arg);
void ast_each_expr(struct ast_expr **slot, ast_expr_visit *fn, void *arg);
void ast_each_expr_in_block(struct ast_stmt *s, ast_expr_visit *fn, void *arg);
/* A walk of a block's statements and their expressions, as
 * ast_each_expr_in_block's, with hooks: stmt (if not NULL) is called on
 * each statement first, and returns false when it has done all the walk
 * is to do with it (then the walk goes on to the next), true to have the
 * statement walked as stmt has left it; enter and leave (if not NULL)
 * around each block inside a statement; the classes of except clauses
 * only when types is set (rewriting code leaves them alone). */
struct ast_walk {
	bool (*stmt)(struct ast_stmt *s, void *arg);
	ast_expr_visit *expr;
	void (*enter)(void *arg);
	void (*leave)(void *arg);
	void *arg;
	bool types;
};
void ast_walk_block(struct ast_stmt *s, const struct ast_walk *w);
/* The same walk of one statement (not those after it). */
void ast_walk_stmt(struct ast_stmt *s, const struct ast_walk *w);
/* The blocks a TRY holds (its body, each handler's, else, finally), into
 * blocks (room for max); how many there are. */
size_t ast_try_blocks(const struct ast_stmt *s, struct ast_stmt **blocks, size_t max);
/* A deep copy of an expression or a block, in arena (names and strings
 * shared: they are never changed in place). */
struct ast_expr *ast_copy_expr(struct ast_arena *arena, const struct ast_expr *e);
struct ast_stmt *ast_copy_block(struct ast_arena *arena, const struct ast_stmt *s);
/* The import that binds alias in a Python file, or NULL. */
const struct ast_import *ast_find_import(const struct ast_file *file, const char *alias);

#endif
