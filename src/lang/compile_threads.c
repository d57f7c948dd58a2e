/* compile_threads.c - threading.Thread objects in a Python program,
 * elaborated at compile time onto the program's static thread groups.
 *
 * lockstep's threads are static: a program has thread groups, each of a
 * constant number of threads with their code, started and joined by main
 * (START, JOIN).  A lecture's Python program makes Thread objects instead.
 * As a first step, and only where the answer is certain, the Thread objects
 * of main code (the module's, and a def it runs once: compile_threads_def.c)
 * are read as groups, after pass 1 (the opening constants are known) and
 * before anything is compiled:
 *
 *   t = Thread(target=f, args=(a,))      a group of one thread whose code
 *                                        is the call f(a);
 *   Thread(...).start()                  the same, started at once;
 *   ts = [Thread(...) for i in range(N)] a group of N threads, i their
 *                                        index (a hidden tid);
 *   ts = [Thread(...) for x in (a, b)]   a group of 2, x item tid of (a, b);
 *   ts = [Thread(...), Thread(...)]      a group of 2, each member's code
 *   ts.append(Thread(...))               chosen by its tid; appends right
 *                                        after the list is made join it;
 *   ts = []                              the same, made by a loop that
 *   for i in range(N):                   appends each new thread (with or
 *       t = Thread(...)                  without the list);
 *       ts.append(t)
 *       t.start()
 *
 * and each use of such a name in main's code is rewritten to the group:
 * t.start() and t.join() to the group's START/JOIN, ts[i].start() to its
 * member's, `for t in ts:` to a loop over the members in order, t.name to
 * the name, `t.daemon = True` before t.start() to a daemon group.  A def
 * run once is met where main code calls it, its bindings in a scope of
 * their own (its locals hide the module's threads, never end them).  Threads
 * are named as CPython 3.11 names them: name=, or Thread-N (f) counting
 * the unnamed ones in the order they are made.  Everything else about a
 * Thread (one made in a def, in a loop without a constant count, kept
 * anywhere else, asked anything but start(), join() and its name) is an
 * error that says what is supported: a program is never misread.  The
 * arguments are constants, since CPython evaluates them when main makes
 * the thread and lockstep's thread when it starts.  compile_py.c has
 * already made every spelling of the constructor the callee
 * "threading.Thread", a name no program can write; compile_prim_args.c
 * has already dropped a primitive every call passes.
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "lang/value.h"
#include "util/xalloc.h"

enum binding_kind {
	BIND_THREAD,	/* the name holds one thread: a group of one */
	BIND_LIST,	/* the name holds the list of a group's threads */
	BIND_MEMBER,	/* a loop variable over such a list: member number index */
	BIND_LAST,	/* what a loop that made threads left in its variable */
	BIND_NONE,	/* a def's local that hides the module's name: no thread */
};

struct binding {
	const char *var;
	enum binding_kind kind;
	struct ast_top *group;
	const char *index;	/* MEMBER: the name that holds the member's index */
	unsigned line;		/* where the threads were made */
	bool started;		/* THREAD: main's code has started it above */
	const char *finished;	/* THREAD made by Timer(): its Event, or NULL */
};

struct elab {
	struct compiler *c;
	int *total_threads;
	struct binding *b;
	size_t nb, cap;
	int unnamed;		/* CPython's counter of threads named Thread-N */
	int depth;		/* blocks around the statement being rewritten */
	size_t scope;		/* bindings below this one are the caller's: a
				 * run-once def's local hides them, never ends them */
	const char *def;	/* the def being walked, or NULL in main's code */
	const struct ast_top *def_group;	/* its threads' group, when several
						 * threads run it (or NULL) */
	const char *worker;	/* the worker whose body is main-like code, or
				 * NULL (struct worker) */
	bool opened;		/* main code has done nothing yet that could change
				 * an opening list (may_change_lists) */
	struct worker *workers;	/* defs that may be a worker's (below) */
	size_t nworkers;
	bool racy_numbers;	/* Thread-N made now would be numbered by the
				 * schedule: name= is required */
	bool daemon_maker;	/* the threads made now are a daemon's */
	const struct binding *outer;	/* a worker's: main code's bindings, */
	size_t nouter;			/* which it does not see, */
	const struct ast_stmt *body;	/* from its body */
};

/* A worker: a def that is the target of one thread, made once by main
 * code, and named nowhere else (compile_mentions_of), so that its body
 * runs once, in that thread.  Its Thread objects are elaborated as main
 * code's are, once main code is done, and started and joined by the
 * worker.  CPython numbers a Thread-N when it is made: the worker's are
 * certain only when nothing else makes unnamed threads while it runs --
 * main code has made its last one before it starts the worker, and no
 * other worker makes any. */
struct worker {
	struct ast_top *def;
	struct ast_top *group;	/* its thread's group, once made */
	bool once;		/* that group is one thread, made once */
	int unnamed_at_start;	/* main's count of Thread-N when it started
				 * the worker; -1 if it did not */
};

static const char supported[] = "lockstep supports t = threading.Thread(target=f, "
    "args=(...)) and [Thread(...) for i in range(N)] in the module's main code "
    "and in a def it runs once";

static char *
arena_printf(struct compiler *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *
arena_printf(struct compiler *c, const char *fmt, ...)
{
	char buf[LANG_MAX_NAME_CHARS + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return ast_strndup(c->file->arena, buf, n < 0 ? 0 :
	    (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static bool
is_thread_ctor(const struct ast_expr *e)
{
	return e != NULL && e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "threading.Thread") == 0;
}

static bool
is_timer_ctor(const struct ast_expr *e)
{
	return e != NULL && e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "threading.Timer") == 0;
}

static struct binding *
innermost(struct elab *x, const char *var)
{
	size_t i;

	for (i = x->nb; i > 0; i--)
		if (strcmp(x->b[i - 1].var, var) == 0)
			return &x->b[i - 1];
	return NULL;
}

static struct binding *
find_binding(struct elab *x, const char *var)
{
	struct binding *b = innermost(x, var);

	return b != NULL && b->kind != BIND_NONE ? b : NULL;
}

static void
bind(struct elab *x, const char *var, enum binding_kind kind, struct ast_top *group,
    unsigned line)
{
	x->b = xgrow(x->b, &x->cap, x->nb + 1, sizeof(*x->b));
	x->b[x->nb].var = var;
	x->b[x->nb].index = var;
	x->b[x->nb].kind = kind;
	x->b[x->nb].group = group;
	x->b[x->nb].line = line;
	x->b[x->nb].started = false;
	x->b[x->nb].finished = NULL;
	x->nb++;
}

/* var is assigned something else: it no longer holds a thread.  The name
 * of a list of threads is its group's, so it stays taken. */
static void
unbind(struct elab *x, const char *var, struct lang_loc loc)
{
	struct binding *b = find_binding(x, var);

	if (b == NULL)
		return;
	if (b->kind == BIND_LIST) {
		compile_error_at(x->c, loc, "'%s' holds the threads made at line %u; lockstep "
		    "cannot give the name another value", var, b->line);
		return;
	}
	if ((size_t)(b - x->b) < x->scope)
		bind(x, var, BIND_NONE, NULL, loc.line);
	else
		b->var = "";
}

struct substitution {
	struct compiler *c;
	const char *var;
	const struct ast_expr *as;
};

static bool
substitute_visit(struct ast_expr **slot, void *arg)
{
	const struct substitution *sub = arg;
	struct ast_expr *e = *slot;

	if (e->kind == AST_NAME && strcmp(e->u.name, sub->var) == 0) {
		*slot = ast_copy_expr(sub->c->file->arena, sub->as);
		return false;
	}
	if (e->kind == AST_LISTCOMP && strcmp(e->u.comp.var, sub->var) == 0) {
		/* its own variable hides var inside it: only its range sees var */
		ast_each_expr(&e->u.comp.range, substitute_visit, arg);
		return false;
	}
	return true;
}

void
compile_substitute_in_block(struct compiler *c, struct ast_stmt *s, const char *var,
    const struct ast_expr *as)
{
	struct substitution sub = { c, var, as };

	ast_each_expr_in_block(s, substitute_visit, &sub);
}

/* A copy of e with the name var (if not NULL) replaced by a copy of as. */
static struct ast_expr *
substitute(struct compiler *c, const struct ast_expr *e, const char *var,
    const struct ast_expr *as)
{
	struct ast_expr *n = ast_copy_expr(c->file->arena, e);
	struct substitution sub = { c, var, as };

	if (var != NULL)
		ast_each_expr(&n, substitute_visit, &sub);
	return n;
}

/* Whether e is known when the thread is made, whenever its code reads it:
 * CPython evaluates a Thread's arguments in main, when it makes the
 * thread; lockstep's thread evaluates them when it starts, so they must be
 * constants, the index var, or opening names that no code binds anew
 * (conservatively: not even a def's local of that name); an opening list
 * whose items change is still the one object CPython would pass. */
struct known {
	struct compiler *c;
	const char *var, *what;
	bool ok;
};

static bool
known_visit(struct ast_expr **slot, void *arg)
{
	struct known *k = arg;
	const struct ast_expr *e = *slot;
	unsigned line;

	if (!k->ok)
		return false;
	/* an f-string of such values is one (its parts are visited), and so
	 * is str() of one */
	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "str") == 0 &&
	    compile_find_function(k->c, "str") < 0) {
		struct ast_arg *a;

		for (a = e->u.call.args; a != NULL; a = a->next)
			ast_each_expr(&a->value, known_visit, k);
		return false;
	}
	if (e->kind == AST_CALL || e->kind == AST_ATTR || e->kind == AST_LISTCOMP) {
		compile_error_at(k->c, e->loc, "%s must be constant: literals, the loop's "
		    "index, the module's opening constants and operators on them", k->what);
		k->ok = false;
		return false;
	}
	if (e->kind != AST_NAME || (k->var != NULL && strcmp(e->u.name, k->var) == 0))
		return true;
	/* an element stored is no matter: the thread gets the same object */
	line = compile_rebound_in_code(k->c, e->u.name);
	if ((compile_find_shared(k->c, e->u.name) >= 0 || compile_is_duration(k->c,
	    e->u.name)) && line == 0)
		return false;
	if (line > 0)
		compile_error_at(k->c, e->loc, "%s must be constant: '%s' is assigned at line %u",
		    k->what, e->u.name, line);
	else
		compile_error_at(k->c, e->loc, "%s must be constant: literals, the loop's index "
		    "and the module's opening constants; '%s' is none of these", k->what,
		    e->u.name);
	k->ok = false;
	return false;
}

static bool
known_when_made(struct compiler *c, const struct ast_expr *e, const char *var,
    const char *what)
{
	struct known k = { c, var, what, true };
	struct ast_expr *slot = (struct ast_expr *)e;	/* only read */

	ast_each_expr(&slot, known_visit, &k);
	return k.ok;
}

/* The parts of Thread(...) that lockstep reads. */
struct thread_args {
	const struct ast_expr *target, *args, *name;
	const struct ast_expr *kwargs;	/* a dict of constant keys, or NULL */
	bool daemon;
};

/* kwargs={"b": 2, ...}: each key a string literal that can name a
 * parameter, given once, so that the thread's code is the call
 * target(..., b=2) and the call binds them as a call would. */
static bool
good_kwargs(struct compiler *c, const struct ast_expr *v)
{
	int i, j;

	if (v->kind != AST_DICT) {
		compile_error_at(c, v->loc, "kwargs= is a dict of the target's keyword "
		    "arguments, its keys strings: write kwargs={\"name\": value}");
		return false;
	}
	for (i = 0; i < v->u.list.n; i += 2) {
		const struct ast_expr *k = v->u.list.items[i];
		size_t n;

		if (k->kind != AST_STR) {
			compile_error_at(c, k->loc, "TypeError: keywords must be strings; "
			    "lockstep reads kwargs= keys written as string literals");
			return false;
		}
		for (n = 0; n < k->u.str.len; n++) {
			unsigned char ch = (unsigned char)k->u.str.s[n];

			if (!(ch == '_' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
			    (n > 0 && ch >= '0' && ch <= '9')))
				break;
		}
		if (k->u.str.len == 0 || n < k->u.str.len ||
		    k->u.str.len > LANG_MAX_NAME_CHARS) {
			compile_error_at(c, k->loc, "TypeError: the target has no parameter "
			    "named by this key (kwargs= keys name parameters)");
			return false;
		}
		for (j = 0; j < i; j += 2)
			if (v->u.list.items[j]->u.str.len == k->u.str.len &&
			    memcmp(v->u.list.items[j]->u.str.s, k->u.str.s, k->u.str.len) == 0) {
				compile_error_at(c, k->loc, "the key '%.*s' is given twice in "
				    "kwargs=; give each keyword argument once", (int)k->u.str.len,
				    k->u.str.s);
				return false;
			}
	}
	return true;
}

/* target=b.wait, a primitive's bound method (b one of the program's
 * primitives): the thread's code is then the call b.wait(*args,
 * **kwargs), which compiles as main code's would (an unknown method is
 * that call's diagnostic). */
static bool
is_prim_method(const struct compiler *c, const struct ast_expr *e)
{
	int s;

	return e->kind == AST_ATTR && e->u.attr.base->kind == AST_NAME &&
	    (s = compile_find_shared(c, e->u.attr.base->u.name)) >= 0 &&
	    c->prog->shared[s].kind == LANG_SHARED_PRIM;
}

/* Whether target= (or a Timer's function) names what a thread can run:
 * a def of this file, or a primitive's method; else an error
 * (reported). */
static bool
good_target(struct compiler *c, const struct ast_expr *e, const char *what)
{
	if (is_prim_method(c, e) ||
	    (e->kind == AST_NAME && compile_find_function(c, e->u.name) >= 0))
		return true;
	if (e->kind != AST_NAME || !compile_is_broken(c, e->u.name))
		compile_error_at(c, e->loc, "%s must name a function defined with def "
		    "in this file, or a method of a Lock, Event, Barrier or other "
		    "primitive (b.wait)", what);
	return false;
}

static bool
read_thread_args(struct compiler *c, const struct ast_expr *ctor, struct thread_args *t)
{
	const struct ast_arg *a;

	memset(t, 0, sizeof(*t));
	for (a = ctor->u.call.args; a != NULL; a = a->next) {
		const struct ast_expr *v = a->value;

		if (a->keyword == NULL) {
			compile_error_at(c, v->loc, "pass threading.Thread's arguments by "
			    "keyword: Thread(target=f, args=(...))");
			return false;
		}
		if (strcmp(a->keyword, "target") == 0) {
			t->target = v;
		} else if (strcmp(a->keyword, "args") == 0) {
			if (v->kind != AST_TUPLE && v->kind != AST_LIST) {
				compile_error_at(c, v->loc, "args= is a tuple of the target's "
				    "arguments: write args=(x,)");
				return false;
			}
			t->args = v;
		} else if (strcmp(a->keyword, "name") == 0) {
			t->name = v;
		} else if (strcmp(a->keyword, "daemon") == 0) {
			if (v->kind != AST_BOOL && v->kind != AST_NONE) {
				compile_error_at(c, v->loc, "daemon= must be True, False or None");
				return false;
			}
			t->daemon = v->kind == AST_BOOL && v->u.ival != 0;
		} else if (strcmp(a->keyword, "group") == 0 && v->kind == AST_NONE) {
			continue;
		} else if (strcmp(a->keyword, "kwargs") == 0) {
			if (v->kind == AST_NONE)
				continue;
			if (!good_kwargs(c, v))
				return false;
			t->kwargs = v;
		} else {
			compile_error_at(c, a->keyword_loc, "TypeError: Thread.__init__() got an "
			    "unexpected keyword argument '%s'", a->keyword);
			return false;
		}
	}
	if (t->target == NULL) {
		compile_error_at(c, ctor->loc, "a Thread without target= runs nothing; "
		    "lockstep needs target=FUNCTION");
		return false;
	}
	return good_target(c, t->target, "target=");
}

/* A thread's name, checked: lockstep's schedules are lists of thread names
 * separated by ',' and ':'. */
static bool
good_name_text(struct compiler *c, const struct ast_expr *e, const char *text, size_t len)
{
	size_t i;

	if (len == 0 || len > LANG_MAX_NAME_CHARS) {
		compile_error_at(c, e->loc, "a thread's name has 1 to %d characters",
		    LANG_MAX_NAME_CHARS);
		return false;
	}
	for (i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)text[i];

		if (ch < 0x20 || ch >= 0x7f || ch == ',' || ch == ':') {
			compile_error_at(c, e->loc, "a thread's name is printable ASCII without "
			    "',' or ':' (schedules list threads by name)");
			return false;
		}
	}
	return true;
}

static bool
good_thread_name(struct compiler *c, const struct ast_expr *e)
{
	if (e->kind != AST_STR) {
		compile_error_at(c, e->loc, "name= must be a string literal");
		return false;
	}
	return good_name_text(c, e, e->u.str.s, e->u.str.len);
}

/* The value of e, a constant that str() and f-strings may make text of
 * (name="w" + str(i), f"w{i}"), as lang/value.c computes it, with the
 * comprehension or loop variable c->comp_var; false after an error
 * (reported). */
static bool
name_value(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	struct lang_value_strings strs = compile_value_strings(c);
	struct lang_value a, b;
	const struct ast_fpart *f;
	char err[200];
	bool ok = true;

	if (e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "str") == 0 && e->u.call.nargs == 1 &&
	    e->u.call.args->keyword == NULL) {
		if (!name_value(c, e->u.call.args->value, &a))
			return false;
		ok = lang_value_format(&strs, &a, 0, NULL, out, err, sizeof(err));
	} else if (e->kind == AST_BINARY) {
		if (!name_value(c, e->u.binary.lhs, &a) || !name_value(c, e->u.binary.rhs, &b))
			return false;
		ok = lang_value_binary(&strs, e->u.binary.op, &a, &b, out, err, sizeof(err));
	} else if (e->kind == AST_FSTRING) {
		*out = (struct lang_value){ LANG_VAL_STR, compile_intern_string(c, "", 0) };
		for (f = e->u.fstr; f != NULL && ok; f = f->next) {
			if (f->text != NULL)
				b = (struct lang_value){ LANG_VAL_STR,
				    compile_intern_string(c, f->text, f->len) };
			else if (!name_value(c, f->expr, &a))
				return false;
			else
				ok = lang_value_format(&strs, &a, f->conv, f->spec, &b, err,
				    sizeof(err));
			a = *out;
			ok = ok && lang_value_binary(&strs, LANG_BIN_ADD, &a, &b, out, err,
			    sizeof(err));
		}
	} else {
		return compile_const_eval(c, e, out);
	}
	if (!ok)
		compile_error_at(c, e->loc, "%s", err);
	return ok;
}

/* The text name= e gives when var is value; NULL after an error
 * (reported). */
static const char *
name_text(struct compiler *c, const struct ast_expr *e, const char *var,
    const struct lang_value *value)
{
	struct lang_value v;
	bool ok;

	c->comp_var = var;
	c->comp_value = *value;
	ok = name_value(c, e, &v);
	c->comp_var = NULL;
	if (!ok)
		return NULL;
	if (v.kind != LANG_VAL_STR) {
		compile_error_at(c, e->loc, "lockstep reads name= as a str, not %s: write "
		    "str(...)", lang_value_type_name(&v));
		return NULL;
	}
	return c->prog->strings[v.i];
}

/* Whether a thread or group already has this name. */
static bool
name_in_use(const struct compiler *c, const char *name)
{
	size_t t;

	for (t = 0; t < c->prog->ngroups; t++) {
		const struct ast_top *top = c->group_tops[t];
		int k;

		if (strcmp(c->prog->groups[t].name, name) == 0)
			return true;
		for (k = 0; top->thread_names != NULL && k < c->prog->groups[t].count; k++)
			if (strcmp(top->thread_names[k], name) == 0)
				return true;
	}
	return false;
}

/* The threads that one Thread(...) of the source makes: one, or count of
 * them in a comprehension or a loop whose variable var runs over
 * range(count) or over the items of the constant tuple or list over. */
struct member {
	const struct ast_expr *ctor;
	int64_t count;
	const char *var;
	const struct ast_expr *over;
};

static struct ast_expr *
int_node(struct compiler *c, int64_t v, struct lang_loc loc)
{
	struct ast_expr *e = ast_alloc(c->file->arena, sizeof(*e));

	e->kind = AST_INT;
	e->loc = loc;
	e->u.ival = v;
	return e;
}

static struct ast_expr *name_node(struct compiler *c, const char *name, struct lang_loc loc);

static struct ast_expr *
binary_node(struct compiler *c, enum lang_binop op, struct ast_expr *lhs,
    struct ast_expr *rhs)
{
	struct ast_expr *e = ast_alloc(c->file->arena, sizeof(*e));

	e->kind = AST_BINARY;
	e->loc = lhs->loc;
	e->u.binary.op = op;
	e->u.binary.lhs = lhs;
	e->u.binary.rhs = rhs;
	return e;
}

/* What m's variable is in the thread lo + k of its group (k from 0): k,
 * or item k of the tuple it runs over. */
static struct ast_expr *
member_var(struct compiler *c, const struct member *m, int64_t lo)
{
	struct ast_expr *k = name_node(c, "$tid", m->ctor->loc), *e;

	if (lo > 0)
		k = binary_node(c, LANG_BIN_SUB, k, int_node(c, lo, m->ctor->loc));
	if (m->over == NULL)
		return k;
	e = ast_alloc(c->file->arena, sizeof(*e));
	e->kind = AST_INDEX;
	e->loc = m->ctor->loc;
	e->u.index.base = substitute(c, m->over, NULL, NULL);
	e->u.index.index = k;
	return e;
}

/* kwargs={"b": 2, ...} (good_kwargs, or NULL) as call's keyword
 * arguments from tail on, var replaced by as in their values. */
static void
add_kwargs(struct compiler *c, struct ast_expr *call, struct ast_arg **tail,
    const struct ast_expr *kwargs, const char *var, const struct ast_expr *as)
{
	int i;

	for (i = 0; kwargs != NULL && i < kwargs->u.list.n; i += 2) {
		const struct ast_expr *key = kwargs->u.list.items[i];

		*tail = ast_alloc(c->file->arena, sizeof(**tail));
		(*tail)->keyword = ast_strndup(c->file->arena, key->u.str.s, key->u.str.len);
		(*tail)->keyword_loc = key->loc;
		(*tail)->value = substitute(c, kwargs->u.list.items[i + 1], var, as);
		tail = &(*tail)->next;
		call->u.call.nargs++;
	}
}

/* The code of m's threads: the call target(*args). */
static struct ast_stmt *
member_code(struct compiler *c, const struct member *m, const struct thread_args *t,
    int64_t lo)
{
	struct ast_expr *call, *var = m->var != NULL ? member_var(c, m, lo) : NULL;
	struct ast_arg **tail;
	struct ast_stmt *s;
	int i;

	call = ast_alloc(c->file->arena, sizeof(*call));
	call->kind = AST_CALL;
	call->loc = t->target->loc;
	call->start = m->ctor->start;
	call->end = m->ctor->end;
	call->u.call.callee = substitute(c, t->target, NULL, NULL);
	tail = &call->u.call.args;
	for (i = 0; t->args != NULL && i < t->args->u.list.n; i++) {
		*tail = ast_alloc(c->file->arena, sizeof(**tail));
		(*tail)->value = substitute(c, t->args->u.list.items[i], m->var, var);
		tail = &(*tail)->next;
		call->u.call.nargs++;
	}
	add_kwargs(c, call, tail, t->kwargs, m->var, var);
	s = ast_alloc(c->file->arena, sizeof(*s));
	s->kind = AST_EXPR;
	s->loc = m->ctor->loc;
	s->u.expr = call;
	return s;
}

static struct worker *
find_worker(struct elab *x, const char *def)
{
	size_t i;

	for (i = 0; i < x->nworkers; i++)
		if (strcmp(x->workers[i].def->name, def) == 0)
			return &x->workers[i];
	return NULL;
}

/* A Thread with target def is made (once: one thread, not in a loop). */
static void
note_worker_made(struct elab *x, const char *def, bool once)
{
	struct worker *w = find_worker(x, def);

	if (w != NULL)
		w->once = w->group == NULL && once;
}

static void
note_worker_group(struct elab *x, const char *def, struct ast_top *group)
{
	struct worker *w = find_worker(x, def);

	if (w != NULL && w->group == NULL)
		w->group = group;
}

/* Main code starts group: if it is a worker's, remember how many
 * Thread-N main code has made by then. */
static void
note_worker_start(struct elab *x, const struct ast_top *group)
{
	size_t i;

	for (i = 0; i < x->nworkers; i++)
		if (x->workers[i].group == group && x->workers[i].unnamed_at_start < 0)
			x->workers[i].unnamed_at_start = x->unnamed;
}

/* Whether the thread made at loc may be named Thread-N: its number is
 * certain (struct worker); else an error (reported). */
static bool
certain_number(struct elab *x, struct lang_loc loc)
{
	if (!x->racy_numbers)
		return true;
	compile_error_at(x->c, loc, "this thread's name, Thread-N, would be numbered by "
	    "the schedule: another thread makes threads while this one is made "
	    "(main code after it starts the worker, or another worker); give it "
	    "name=\"...\"");
	return false;
}

static bool
has_keyword(const struct ast_expr *call, const char *keyword)
{
	const struct ast_arg *a;

	for (a = call->u.call.args; a != NULL; a = a->next)
		if (a->keyword != NULL && strcmp(a->keyword, keyword) == 0)
			return true;
	return false;
}

/* The target's name as CPython's Thread-N (target) shows it: a method
 * specialised to its instance (`c.increment`, compile_class.c) or a
 * primitive's (b.wait) by its own name, as a bound method's __name__ is. */
static const char *
target_name(const struct thread_args *t)
{
	const char *dot;

	if (t->target->kind == AST_ATTR)
		return t->target->u.attr.name;
	dot = strrchr(t->target->u.name, '.');

	return dot != NULL ? dot + 1 : t->target->u.name;
}

/* A thread made alone: name= or Thread-N (target). */
static const char *
single_name(struct elab *x, const struct thread_args *t)
{
	struct compiler *c = x->c;
	const char *name;

	if (t->name == NULL && !certain_number(x, t->target->loc))
		return NULL;
	if (t->name == NULL)
		return arena_printf(c, "Thread-%d (%s)", ++x->unnamed, target_name(t));
	if (!good_thread_name(c, t->name))
		return NULL;
	name = ast_strndup(c->file->arena, t->name->u.str.s, t->name->u.str.len);
	if (name_in_use(c, name)) {
		compile_error_at(c, t->name->loc, "two threads named '%s': lockstep "
		    "tells threads apart by name", name);
		return NULL;
	}
	return name;
}

/* The name= of member m's thread k, whose loop variable (if any) is then
 * k or the k-th item it runs over: name="w" + str(i), f"w{i}". */
static const char *
member_name(struct elab *x, const struct member *m, const struct thread_args *t, int64_t k)
{
	struct compiler *c = x->c;
	struct lang_value item = { LANG_VAL_INT, k };
	const char *text;

	if (m->var == NULL || t->name->kind == AST_STR)
		return single_name(x, t);
	if (!known_when_made(c, t->name, m->var, "name=") ||
	    (m->over != NULL && !compile_const_eval(c, m->over->u.list.items[k], &item)))
		return NULL;
	text = name_text(c, t->name, m->var, &item);
	if (text == NULL || !good_name_text(c, t->name, text, strlen(text)))
		return NULL;
	if (name_in_use(c, text)) {
		compile_error_at(c, t->name->loc, "two threads named '%s': lockstep "
		    "tells threads apart by name", text);
		return NULL;
	}
	return ast_strndup(c->file->arena, text, strlen(text));
}

/* The group that the members make: one thread (array false: nm is 1 and
 * makes one), or a group of them all, in order, each thread's code its
 * member's call (chosen by its index when there are several members);
 * declared as pass 1 declares a `thread` block.  NULL after an error. */
static struct ast_top *
make_group(struct elab *x, const struct member *m, int nm, const char *group_name,
    bool array)
{
	struct compiler *c = x->c;
	struct thread_args t;
	struct ast_top *top;
	struct ast_stmt **code;
	size_t before = c->prog->ngroups;
	int64_t total = 0, lo;
	int i, j, k;

	top = ast_alloc(c->file->arena, sizeof(*top));
	top->kind = AST_THREAD;
	top->loc = top->name_loc = m[0].ctor->loc;
	top->first_line = top->last_line = m[0].ctor->loc.line;
	for (j = 0; j < nm; j++)
		total += m[j].count;
	if (array && total <= LANG_MAX_WORKERS)
		top->thread_names = ast_alloc(c->file->arena,
		    (size_t)total * sizeof(*top->thread_names));
	code = &top->body;
	for (j = 0, lo = 0; j < nm; lo += m[j].count, j++) {
		if (!read_thread_args(c, m[j].ctor, &t))
			return NULL;
		for (i = 0; t.args != NULL && i < t.args->u.list.n; i++)
			if (!known_when_made(c, t.args->u.list.items[i], m[j].var,
			    "a Thread's arguments (lockstep reads them when it starts)"))
				return NULL;
		for (i = 1; t.kwargs != NULL && i < t.kwargs->u.list.n; i += 2)
			if (!known_when_made(c, t.kwargs->u.list.items[i], m[j].var,
			    "a Thread's arguments (lockstep reads them when it starts)"))
				return NULL;
		if (x->daemon_maker && !has_keyword(m[j].ctor, "daemon"))
			t.daemon = true;	/* a daemon's threads are daemons */
		if (t.target->kind == AST_NAME)
			note_worker_made(x, t.target->u.name, !array && total == 1);
		if (j == 0)
			top->daemon = t.daemon;
		else if (t.daemon != top->daemon) {
			compile_error_at(c, m[j].ctor->loc, "the threads of one list are all "
			    "daemon threads or none (lockstep makes them one group); the "
			    "first is %s", top->daemon ? "one" : "not");
			return NULL;
		}
		if (!array) {
			top->name = single_name(x, &t);
			if (top->name == NULL)
				return NULL;
		}
		for (k = 0; array && top->thread_names != NULL && k < m[j].count; k++) {
			const char *name = t.name != NULL ? member_name(x, &m[j], &t, k) :
			    !certain_number(x, t.target->loc) ? NULL :
			    arena_printf(c, "Thread-%d (%s)", ++x->unnamed, target_name(&t));
			int other;

			if (name == NULL)
				return NULL;
			for (other = 0; other < lo + k; other++)
				if (strcmp(top->thread_names[other], name) == 0) {
					compile_error_at(c, t.name != NULL ? t.name->loc :
					    m[j].ctor->loc, "two threads named '%s': "
					    "lockstep tells threads apart by name", name);
					return NULL;
				}
			top->thread_names[lo + k] = name;
		}
		/* if $tid < end: this member's call, else the next one's */
		if (j + 1 < nm) {
			struct ast_stmt *arm = ast_alloc(c->file->arena, sizeof(*arm));

			arm->kind = AST_IF;
			arm->loc = m[j].ctor->loc;
			arm->u.if_.cond = binary_node(c, LANG_BIN_LT,
			    name_node(c, "$tid", m[j].ctor->loc),
			    int_node(c, lo + m[j].count, m[j].ctor->loc));
			arm->u.if_.then = member_code(c, &m[j], &t, lo);
			*code = arm;
			code = &arm->u.if_.otherwise;
		} else {
			*code = member_code(c, &m[j], &t, lo);
		}
	}
	if (array) {
		top->name = group_name;
		top->count = int_node(c, total, m[0].ctor->loc);
	}
	compile_declare_group(c, top, x->total_threads);
	if (c->prog->ngroups == before)
		return NULL;
	for (j = 0; j < nm; j++)
		if (read_thread_args(c, m[j].ctor, &t) && t.target->kind == AST_NAME)
			note_worker_group(x, t.target->u.name, top);
	return top;
}

/* range(N), N constant: N, or 0 after an error (reported). */
static int64_t
constant_range(struct compiler *c, const struct ast_expr *range)
{
	int64_t n;

	if (!compile_is_range_call(range) || range->u.call.nargs != 1 ||
	    range->u.call.args->keyword != NULL) {
		compile_error_at(c, range->loc, "threads are made in a loop over range(N), "
		    "N a constant, or over a tuple of constants; %s", supported);
		return 0;
	}
	if (!known_when_made(c, range->u.call.args->value, NULL, "the number of threads") ||
	    !compile_const_int(c, range->u.call.args->value, &n, "the number of threads"))
		return 0;
	if (n < 1 || n > LANG_MAX_WORKERS) {
		compile_error_at(c, range->u.call.args->value->loc, "a loop makes 1 to %d "
		    "threads, not %lld", LANG_MAX_WORKERS, (long long)n);
		return 0;
	}
	return n;
}

static bool
is_name(const struct ast_expr *e, const char *name)
{
	return e != NULL && e->kind == AST_NAME && strcmp(e->u.name, name) == 0;
}

static bool
is_method_call(const struct ast_expr *e, const char *method)
{
	return e != NULL && e->kind == AST_CALL && e->u.call.callee->kind == AST_ATTR &&
	    strcmp(e->u.call.callee->u.attr.name, method) == 0;
}

static struct ast_expr *
name_node(struct compiler *c, const char *name, struct lang_loc loc)
{
	struct ast_expr *e = ast_alloc(c->file->arena, sizeof(*e));

	e->kind = AST_NAME;
	e->loc = loc;
	e->u.name = name;
	return e;
}

static void rewrite_block(struct elab *x, struct ast_stmt *s);
static void rewrite_expr(struct elab *x, struct ast_expr *e);

/* e becomes the tuple (kind AST_TUPLE) or list of group g's threads'
 * names indexed by index: its member's name, or the IndexError CPython's
 * tuple or list raises. */
static void
member_name_into(struct elab *x, struct ast_expr *e, const struct ast_top *g,
    struct ast_expr *index, enum ast_expr_kind kind)
{
	struct compiler *c = x->c;
	struct ast_expr *names;
	int k, n = (int)g->count->u.ival;

	names = ast_alloc(c->file->arena, sizeof(*names));
	names->kind = kind;
	names->loc = e->loc;
	names->u.list.n = n;
	names->u.list.items = ast_alloc(c->file->arena, (size_t)n * sizeof(*names->u.list.items));
	for (k = 0; k < n; k++) {
		struct ast_expr *s = ast_alloc(c->file->arena, sizeof(*s));

		s->kind = AST_STR;
		s->loc = e->loc;
		s->u.str.s = g->thread_names[k];
		s->u.str.len = strlen(g->thread_names[k]);
		names->u.list.items[k] = s;
	}
	e->kind = AST_INDEX;
	e->u.index.base = names;
	e->u.index.index = index;
}

/* e (t.name or t.getName(), t a thread or a list's member) becomes the
 * thread's name: a string, or the member's among its group's. */
static void
thread_name_into(struct elab *x, struct ast_expr *e, const struct binding *b)
{
	const struct ast_top *g = b->group;

	if (b->kind == BIND_THREAD) {
		e->kind = AST_STR;
		e->u.str.s = g->name;
		e->u.str.len = strlen(g->name);
		return;
	}
	member_name_into(x, e, g, name_node(x->c, b->index, e->loc), AST_TUPLE);
}

/* threads[i].name: the names of the list's threads, indexed by i (a list,
 * for CPython's "list index out of range"). */
static void
list_member_name_into(struct elab *x, struct ast_expr *e, const struct binding *b)
{
	struct ast_expr *index = e->u.attr.base->u.index.index;

	rewrite_expr(x, index);
	member_name_into(x, e, b->group, index, AST_LIST);
}

/* threading.current_thread() or threading.main_thread(): which, or 0. */
static char
identity_call(const struct ast_expr *e)
{
	if (e == NULL || e->kind != AST_CALL || e->u.call.callee->kind != AST_NAME)
		return 0;
	if (strcmp(e->u.call.callee->u.name, "threading.current_thread") == 0)
		return 'c';
	if (strcmp(e->u.call.callee->u.name, "threading.main_thread") == 0)
		return 'm';
	return 0;
}

/* threading.current_thread().name or .getName() (call: e is the call of
 * getName), .join(), or main_thread()'s.  In main code (the module's and
 * a def it runs once) the current thread is MainThread; elsewhere its name
 * is read as the thread runs ($thread_name(), compile_expr.c). */
static void
rewrite_identity(struct elab *x, struct ast_expr *e, struct ast_expr *object,
    const char *what, bool call)
{
	struct compiler *c = x->c;
	bool current = identity_call(object) == 'c';
	bool main = !current || (x->def == NULL && x->worker == NULL);
	const char *fn = current ? "current_thread" : "main_thread";

	if (object->u.call.nargs != 0) {
		compile_error_at(c, object->u.call.args->value->loc, "TypeError: %s() takes "
		    "no arguments", fn);
		return;
	}
	if ((!call && strcmp(what, "name") == 0) || (call && strcmp(what, "getName") == 0)) {
		if (call && e->u.call.nargs != 0) {
			compile_error_at(c, e->u.call.args->value->loc, "TypeError: getName() "
			    "takes no arguments");
			return;
		}
		if (main) {
			e->kind = AST_STR;
			e->u.str.s = "MainThread";
			e->u.str.len = strlen("MainThread");
		} else {
			e->kind = AST_CALL;
			e->u.call.callee = name_node(c, "$thread_name", e->loc);
			e->u.call.args = NULL;
			e->u.call.nargs = 0;
		}
		return;
	}
	if (call && strcmp(what, "join") == 0 && main) {
		/* MainThread: from main itself, CPython's RuntimeError */
		e->u.call.callee->u.attr.base = name_node(c, "$main", object->loc);
		return;
	}
	if (call && strcmp(what, "join") == 0)
		compile_error_at(c, e->u.call.callee->loc, "threading.current_thread().join() "
		    "in %s(), which threads run, is not supported yet; in main's code it is "
		    "MainThread's", x->def != NULL ? x->def : x->worker);
	else
		compile_error_at(c, call ? e->u.call.callee->loc : e->loc, "threading.%s()."
		    "%s%s is not supported yet; lockstep reads its name (.name, getName()) "
		    "and join()", fn, what, call ? "()" : "");
}

/* A method called on a name that holds threads. */
static void
rewrite_method(struct elab *x, struct ast_expr *call, struct binding *b)
{
	struct compiler *c = x->c;
	struct ast_expr *attr = call->u.call.callee, *target = attr->u.attr.base;
	const char *method = attr->u.attr.name;
	bool start_or_join = strcmp(method, "start") == 0 || strcmp(method, "join") == 0 ||
	    strcmp(method, "is_alive") == 0;

	if (strcmp(method, "getName") == 0 && call->u.call.nargs == 0 &&
	    (b->kind == BIND_THREAD || b->kind == BIND_MEMBER)) {
		thread_name_into(x, call, b);
		return;
	}
	switch (b->kind) {
	case BIND_THREAD:
		if (b->finished != NULL && strcmp(method, "cancel") == 0) {
			/* Timer.cancel() is finished.set() */
			attr->u.attr.base = name_node(c, b->finished, target->loc);
			attr->u.attr.name = "set";
			return;
		}
		if (!start_or_join)
			break;
		target->u.name = b->group->name;
		b->started = b->started || method[0] == 's';
		if (method[0] == 's' && x->def == NULL && x->worker == NULL)
			note_worker_start(x, b->group);
		return;
	case BIND_MEMBER: {
		struct ast_expr *index;

		if (!start_or_join)
			break;
		index = ast_alloc(c->file->arena, sizeof(*index));
		index->kind = AST_INDEX;
		index->loc = target->loc;
		index->u.index.base = name_node(c, b->group->name, target->loc);
		index->u.index.index = name_node(c, b->index, target->loc);
		attr->u.attr.base = index;
		return;
	}
	case BIND_LIST:
		compile_error_at(c, attr->loc, "'%s' is the list of the threads made at line "
		    "%u; lockstep supports %s[i].start(), %s[i].join() and 'for t in %s:' "
		    "on it, not %s()", b->var, b->line, b->var, b->var, b->var, method);
		return;
	case BIND_NONE:	/* find_binding never returns one */
		break;
	case BIND_LAST:
		compile_error_at(c, target->loc, "'%s' is the last of the threads the loop "
		    "at line %u made; keep them in a list (%s_list.append(%s)) and join each",
		    b->var, b->line, b->var, b->var);
		return;
	}
	compile_error_at(c, attr->loc, "%s() of a Thread is not supported yet; lockstep's "
	    "Thread objects have start(), join(), is_alive(), getName() and name", method);
}

/* An attribute that is not called: t.name is the thread's name; nothing
 * else is read yet (lockstep has no attributes but a thread's name). */
static void
rewrite_attr(struct elab *x, struct ast_expr *e)
{
	const struct ast_expr *base = e->u.attr.base;
	const char *name = e->u.attr.name;
	struct binding *b = base->kind == AST_NAME ? find_binding(x, base->u.name) : NULL, *lb;

	if (identity_call(base)) {
		rewrite_identity(x, e, e->u.attr.base, name, false);
		return;
	}
	if (b != NULL && (b->kind == BIND_THREAD || b->kind == BIND_MEMBER) &&
	    strcmp(name, "name") == 0) {
		thread_name_into(x, e, b);
		return;
	}
	if (base->kind == AST_INDEX && base->u.index.base->kind == AST_NAME &&
	    (lb = find_binding(x, base->u.index.base->u.name)) != NULL &&
	    lb->kind == BIND_LIST && (strcmp(name, "name") == 0 ||
	    strcmp(name, "daemon") == 0)) {
		if (name[0] == 'n')
			list_member_name_into(x, e, lb);
		else {
			e->kind = AST_BOOL;
			e->u.ival = lb->group->daemon;
		}
		return;
	}
	if (b != NULL && (b->kind == BIND_THREAD || b->kind == BIND_MEMBER) &&
	    strcmp(name, "daemon") == 0) {
		/* a group's threads are all daemons or none, and t.daemon = ...
		 * is taken only in main's own statements before start(), which
		 * are rewritten in order: the flag here is the one CPython reads */
		e->kind = AST_BOOL;
		e->u.ival = b->group->daemon;
		return;
	}
	if (b == NULL && (strcmp(name, "broken") == 0 || strcmp(name, "n_waiting") == 0 ||
	    strcmp(name, "parties") == 0))
		return;		/* a Barrier's attributes: compile_expr.c reads them */
	if (b != NULL)
		compile_error_at(x->c, e->loc, "%s.%s of a Thread is not supported yet; "
		    "lockstep reads a thread's name (t.name, t.getName()), t.daemon, "
		    "is_alive(), start() and join()", base->u.name, name);
	else if (base->kind == AST_CALL && base->u.call.callee->kind == AST_NAME &&
	    strcmp(base->u.call.callee->u.name, "type") == 0)
		compile_error_at(x->c, e->loc, "type(...).%s is not supported; an "
		    "exception's class is printed by f\"{e!r}\" or by an except clause "
		    "of its own", name);
	else
		compile_error_at(x->c, e->loc, "'%s' must be called: write %s()", name, name);
}

/* t.daemon = True, before t.start(), in main's own statements. */
static void
rewrite_attr_assignment(struct elab *x, struct ast_stmt *s)
{
	struct compiler *c = x->c;
	const struct ast_expr *t = s->u.assign.target, *v = s->u.assign.value;
	struct binding *b = t->u.attr.base->kind == AST_NAME ?
	    find_binding(x, t->u.attr.base->u.name) : NULL;

	if (b == NULL || b->kind != BIND_THREAD || strcmp(t->u.attr.name, "daemon") != 0) {
		compile_error_at(c, t->loc, "assigning an attribute is not supported yet%s",
		    b != NULL ? "; of a Thread, lockstep reads t.daemon = True before "
		    "t.start()" : "");
		return;
	}
	if (s->u.assign.augmented || (v->kind != AST_BOOL && v->kind != AST_NONE) ||
	    x->depth > 0 || b->started) {
		compile_error_at(c, t->loc, "lockstep reads t.daemon = True (or False) in the "
		    "module's own statements, before t.start(); or pass daemon= to Thread()");
		return;
	}
	b->group->daemon = v->kind == AST_BOOL && v->u.ival != 0;
	c->prog->groups[compile_find_group(c, b->group->name)].daemon = b->group->daemon;
	s->kind = AST_PASS;	/* done: nothing left to run */
}

/* Whether name holds main code's threads, seen from a worker's code or
 * another def a thread runs (struct worker), where they are not bound. */
static bool
main_thread_name(const struct elab *x, const char *name)
{
	size_t i;

	if (x->body == NULL || compile_assigned_at(x->body, name) > 0)
		return false;	/* the def's own local */
	for (i = x->nouter; i > 0; i--)
		if (strcmp(x->outer[i - 1].var, name) == 0)
			return x->outer[i - 1].kind != BIND_NONE;
	return false;
}

/* A name, an attribute, a call: where a Thread can be used or made. */
static bool
rewrite_visit(struct ast_expr **slot, void *arg)
{
	struct elab *x = arg;
	struct compiler *c = x->c;
	struct ast_expr *e = *slot, *target;
	struct ast_arg *a;
	struct binding *b;

	if (e->kind == AST_NAME && find_binding(x, e->u.name) == NULL &&
	    main_thread_name(x, e->u.name)) {
		compile_error_at(c, e->loc, "'%s' holds threads main code made; lockstep "
		    "reads, in a function a thread runs, only the threads it makes itself",
		    e->u.name);
		return false;
	}
	if (e->kind == AST_NAME && (b = find_binding(x, e->u.name)) != NULL) {
		if (b->kind == BIND_LAST)
			compile_error_at(c, e->loc, "'%s' is the last of the threads the loop "
			    "at line %u made; lockstep supports Thread objects only through "
			    "start() and join()", e->u.name, b->line);
		else
			compile_error_at(c, e->loc, "'%s' holds %s; lockstep supports "
			    "Thread objects through start(), join(), is_alive() and name, "
			    "and passed to a def that main code calls once",
			    e->u.name, b->kind == BIND_LIST ? "a list of threads" : "a Thread");
		return false;
	}
	if (e->kind == AST_ATTR) {
		rewrite_attr(x, e);	/* not called: a callee is met as the call */
		return false;
	}
	if (e->kind != AST_CALL)
		return true;
	if (is_timer_ctor(e)) {
		compile_error_at(c, e->loc, "a Timer made here is not supported yet; lockstep "
		    "supports t = threading.Timer(interval, f, args=(...)) in the module's "
		    "main code, or in a def it calls once");
		return false;
	}
	if (e->u.call.callee->kind == AST_ATTR && identity_call(e->u.call.callee->u.attr.base)) {
		for (a = e->u.call.args; a != NULL; a = a->next)
			rewrite_expr(x, a->value);
		rewrite_identity(x, e, e->u.call.callee->u.attr.base,
		    e->u.call.callee->u.attr.name, true);
		return false;
	}
	if (identity_call(e)) {
		compile_error_at(c, e->loc, "threading.%s() is read only as its name (.name, "
		    "getName()) or join() for now", identity_call(e) == 'c' ?
		    "current_thread" : "main_thread");
		return false;
	}
	if (is_thread_ctor(e) && x->def_group != NULL) {
		compile_error_at(c, e->loc, "a Thread made inside a function that a list of "
		    "threads runs (%s(), a target of the %d threads made at line %u) is "
		    "not supported: lockstep gives each thread its slot when it reads "
		    "the program, and %s()'s threads would be made once for each; make "
		    "them in main code, or in a def one thread runs", x->def,
		    (int)x->def_group->count->u.ival, x->def_group->loc.line, x->def);
		return false;
	}
	if (is_thread_ctor(e) && x->def != NULL) {
		compile_error_at(c, e->loc, "a Thread made inside a function (%s()) is "
		    "supported only when %s() certainly runs once: called once, as a "
		    "statement of the module's main code (not in a loop, an if or "
		    "another function), or the target of one thread that main code "
		    "makes once", x->def, x->def);
		return false;
	}
	if (is_thread_ctor(e)) {
		compile_error_at(c, e->loc, "a Thread made here is not supported yet; %s",
		    supported);
		return false;
	}
	for (a = e->u.call.args; a != NULL; a = a->next)
		rewrite_expr(x, a->value);
	if (e->u.call.callee->kind != AST_ATTR) {
		rewrite_expr(x, e->u.call.callee);
		return false;
	}
	target = e->u.call.callee->u.attr.base;
	if (target->kind == AST_NAME && (b = find_binding(x, target->u.name)) != NULL)
		rewrite_method(x, e, b);
	else if (target->kind == AST_INDEX && target->u.index.base->kind == AST_NAME &&
	    (b = find_binding(x, target->u.index.base->u.name)) != NULL &&
	    b->kind == BIND_LIST)
		rewrite_expr(x, target->u.index.index);	/* ts[i].start(): the group's */
	else
		rewrite_expr(x, target);
	return false;
}

static void
rewrite_expr(struct elab *x, struct ast_expr *e)
{
	ast_each_expr(&e, rewrite_visit, x);
}

/* range(count), in place of the iterable at. */
static struct ast_expr *
range_of(struct compiler *c, int64_t count, const struct ast_expr *at)
{
	struct ast_expr *call = ast_alloc(c->file->arena, sizeof(*call));

	call->kind = AST_CALL;
	call->loc = at->loc;
	call->start = at->start;
	call->end = at->end;
	call->u.call.callee = name_node(c, "range", at->loc);
	call->u.call.args = ast_alloc(c->file->arena, sizeof(*call->u.call.args));
	call->u.call.args->value = int_node(c, count, at->loc);
	call->u.call.nargs = 1;
	return call;
}

/* for t in ts: ... over a list of threads: a loop over their indexes, t
 * the index, each t.start() and t.join() its member's. */
static void
rewrite_for(struct elab *x, struct ast_stmt *s)
{
	struct compiler *c = x->c;
	struct ast_expr *range = s->u.for_.range;
	struct binding *b = range->kind == AST_NAME ? find_binding(x, range->u.name) : NULL;
	size_t mark;

	if (b == NULL || b->kind != BIND_LIST || s->u.for_.var == NULL) {
		rewrite_expr(x, range);
		if (s->u.for_.var != NULL)
			unbind(x, s->u.for_.var, s->u.for_.var_loc);
		rewrite_block(x, s->u.for_.body);
		return;
	}
	s->u.for_.range = range_of(c, b->group->count->u.ival, range);
	unbind(x, s->u.for_.var, s->u.for_.var_loc);
	mark = x->nb;
	s->u.for_.thread_group = b->group->name;
	bind(x, s->u.for_.var, BIND_MEMBER, b->group, b->line);
	rewrite_block(x, s->u.for_.body);
	x->nb = mark;
	bind(x, s->u.for_.var, BIND_LAST, b->group, b->line);
}

/* Before a statement's expressions are rewritten: an assignment (which
 * binds or unbinds a name) and a for loop (which may be over threads) are
 * done here. */
static bool
rewrite_own(struct ast_stmt *s, void *arg)
{
	struct elab *x = arg;

	switch (s->kind) {
	case AST_ASSIGN:
		rewrite_expr(x, s->u.assign.value);
		if (s->u.assign.target->kind == AST_ATTR)
			rewrite_attr_assignment(x, s);
		else if (s->u.assign.target->kind == AST_NAME && !s->u.assign.augmented)
			unbind(x, s->u.assign.target->u.name, s->u.assign.target->loc);
		else
			rewrite_expr(x, s->u.assign.target);
		return false;
	case AST_FOR:
		rewrite_for(x, s);
		return false;
	case AST_EXPR:
	case AST_IF:
	case AST_WHILE:
	case AST_ASSERT:
	case AST_ATOMIC:
	case AST_WITH:
	case AST_RETURN:
	case AST_RAISE:
	case AST_TRY:
	case AST_BREAK:
	case AST_CONTINUE:
	case AST_PASS:
	case AST_GLOBAL:
		break;
	}
	return true;
}

static void
enter_block(void *arg)
{
	((struct elab *)arg)->depth++;
}

static void
leave_block(void *arg)
{
	((struct elab *)arg)->depth--;
}

/* The walk that rewrites main's (or a worker's) code for its threads;
 * x->depth counts the blocks around the statement it is at. */
static struct ast_walk
rewrite_walk(struct elab *x)
{
	const struct ast_walk w = { rewrite_own, rewrite_visit, enter_block, leave_block, x,
	    false };

	return w;
}

static void
rewrite_stmt(struct elab *x, struct ast_stmt *s)
{
	const struct ast_walk w = rewrite_walk(x);

	ast_walk_stmt(s, &w);
}

static void
rewrite_block(struct elab *x, struct ast_stmt *s)
{
	const struct ast_walk w = rewrite_walk(x);

	x->depth++;
	ast_walk_block(s, &w);
	x->depth--;
}

/* NAME = Thread(...) as a statement. */
static const struct ast_expr *
made_thread(const struct ast_stmt *s, const char **var)
{
	if (s == NULL || s->kind != AST_ASSIGN || s->u.assign.augmented ||
	    s->u.assign.target->kind != AST_NAME || !is_thread_ctor(s->u.assign.value))
		return NULL;
	*var = s->u.assign.target->u.name;
	return s->u.assign.value;
}

/* list.append(var) as a statement. */
static bool
is_append_of(const struct ast_stmt *s, const char *list, const char *var)
{
	return s->kind == AST_EXPR && is_method_call(s->u.expr, "append") &&
	    is_name(s->u.expr->u.call.callee->u.attr.base, list) &&
	    s->u.expr->u.call.nargs == 1 && s->u.expr->u.call.args->keyword == NULL &&
	    is_name(s->u.expr->u.call.args->value, var);
}

/* The tuple an opening assignment gives name, if no code assigns it
 * again (a tuple cannot change), or NULL. */
static const struct ast_expr *
constant_tuple(struct compiler *c, const char *name)
{
	const struct ast_top *top;

	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_DECL && strcmp(top->name, name) == 0)
			return top->value->kind == AST_TUPLE &&
			    compile_assigned_in_code(c, name) == 0 ? top->value : NULL;
	return NULL;
}

/* A literal of an opening value, for the code of a thread made over it.
 * A tuple inside the list is immutable, so its literal is as good as the
 * object; a list or dict inside would be a copy the thread's changes
 * never reach, so it is refused. */
static struct ast_expr *
value_node(struct compiler *c, const struct lang_value *v, struct lang_loc loc)
{
	struct ast_expr *e = int_node(c, v->i, loc);
	const struct lang_object *o;
	int i;

	switch (v->kind) {
	case LANG_VAL_OBJECT:
		o = &c->prog->objects[v->i];
		if (o->kind != LANG_OBJ_TUPLE) {
			compile_error_at(c, loc, "lockstep makes threads over an opening "
			    "list of constants or tuples, not of lists or dicts; write the "
			    "threads' list out");
			break;
		}
		e->kind = AST_TUPLE;
		e->u.list.n = o->nitems;
		e->u.list.items = ast_alloc(c->file->arena,
		    (size_t)(o->nitems > 0 ? o->nitems : 1) * sizeof(*e->u.list.items));
		for (i = 0; i < o->nitems; i++)
			e->u.list.items[i] = value_node(c, &o->items[i], loc);
		break;
	case LANG_VAL_INT:
		break;
	case LANG_VAL_BOOL:
		e->kind = AST_BOOL;
		break;
	case LANG_VAL_NONE:
		e->kind = AST_NONE;
		break;
	case LANG_VAL_STR:
		e->kind = AST_STR;
		e->u.str.s = c->prog->strings[v->i];
		e->u.str.len = strlen(e->u.str.s);
		break;
	}
	return e;
}

/* The opening list name refers to (`evens = [n for n in squares if
 * ...]`, its items worked out in pass 1), or NULL. */
static const struct lang_shared *
opening_list_of(struct compiler *c, const char *name)
{
	int s = compile_find_shared(c, name);

	if (s < 0 || c->prog->shared[s].kind != LANG_SHARED_SCALAR ||
	    c->prog->shared[s].object != LANG_OBJ_LIST)
		return NULL;
	return &c->prog->shared[s];
}

static bool may_change_lists(const struct compiler *c, const struct ast_stmt *s);

struct mention {
	const char *name;
	bool found;
};

static bool
mention_visit(struct ast_expr **slot, void *arg)
{
	struct mention *k = arg;

	if ((*slot)->kind == AST_NAME && strcmp((*slot)->u.name, k->name) == 0)
		k->found = true;
	return !k->found;
}

/* Whether code that a thread can run names name: a def's or a method's
 * body, or an opening value that could share the object (alias = name). */
static bool
threads_can_name(struct compiler *c, const char *name)
{
	struct mention k = { name, false };
	const struct ast_class *cl;
	struct ast_top *top;

	for (top = c->file->tops; top != NULL && !k.found; top = top->next)
		if (top->kind == AST_DEF)
			ast_each_expr_in_block(top->body, mention_visit, &k);
		else if (top->kind == AST_DECL && strcmp(top->name, name) != 0)
			ast_each_expr(&top->value, mention_visit, &k);
	for (cl = c->file->classes; cl != NULL && !k.found; cl = cl->next)
		for (top = cl->methods; top != NULL && !k.found; top = top->next)
			ast_each_expr_in_block(top->body, mention_visit, &k);
	return k.found;
}

struct use {
	const struct compiler *c;
	struct mention k;
};

/* A mention that could alias or change the list: any but a name that a
 * builtin changing no object reads (print(sum(xs)), len(xs)). */
static bool
use_visit(struct ast_expr **slot, void *arg)
{
	struct use *u = arg;
	struct ast_arg *a;

	if ((*slot)->kind != AST_CALL || !compile_is_pure_builtin(u->c, *slot))
		return mention_visit(slot, &u->k);
	if ((*slot)->u.call.callee->kind == AST_ATTR) {	/* d.items(): d is read */
		if ((*slot)->u.call.callee->u.attr.base->kind != AST_NAME)
			ast_each_expr(&(*slot)->u.call.callee->u.attr.base, use_visit, u);
		return false;
	}
	for (a = (*slot)->u.call.args; a != NULL && !u->k.found; a = a->next)
		if (a->value->kind != AST_NAME)
			ast_each_expr(&a->value, use_visit, u);
	return false;
}

/* Whether main's own statements before loop (all of them, if loop is
 * not one: it is a run-once def's) name name but as a builtin's
 * argument (use_visit): an alias made there could change the list. */
static bool
named_before(struct compiler *c, const struct ast_stmt *loop, const char *name)
{
	struct use u = { c, { name, false } };
	const struct ast_top *top;
	const struct ast_stmt *s;

	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_MAIN)
			for (s = top->body; s != NULL && s != loop && !u.k.found; s = s->next) {
				struct ast_stmt one = *s;

				one.next = NULL;
				ast_each_expr_in_block(&one, use_visit, &u);
			}
	return u.k.found;
}

/* Whether the body of a loop over the opening list name, which makes the
 * thread var, leaves the list as it is while it runs: its statements make
 * the thread (its arguments not naming the list), append it to a list,
 * start or join it, or change no list (may_change_lists); and no code
 * that could alias or change the list names it: a thread's, or main's
 * before the loop.  (Main's loop reads an item at a time, and the threads
 * it starts run beside it.) */
static bool
loop_keeps_list(struct elab *x, const struct ast_stmt *loop, const char *name)
{
	const struct ast_stmt *s;
	const char *var = NULL, *made;
	struct mention k = { name, false };

	if (x->worker != NULL || threads_can_name(x->c, name) ||
	    named_before(x->c, loop, name))
		return false;
	for (s = loop->u.for_.body; s != NULL && var == NULL; s = s->next)
		if (made_thread(s, &made) != NULL)
			var = made;
	for (s = loop->u.for_.body; s != NULL; s = s->next) {
		struct ast_stmt one = *s;

		one.next = NULL;
		ast_each_expr_in_block(&one, mention_visit, &k);
		if (k.found)
			return false;
		if (made_thread(s, &made) != NULL || (s->kind == AST_EXPR && var != NULL &&
		    (is_method_call(s->u.expr, "start") || is_method_call(s->u.expr, "join") ||
		    is_method_call(s->u.expr, "append")) &&
		    s->u.expr->u.call.nargs <= 1 &&
		    (is_name(s->u.expr->u.call.callee->u.attr.base, var) ||
		    (s->u.expr->u.call.nargs == 1 && s->u.expr->u.call.args->keyword == NULL &&
		    is_name(s->u.expr->u.call.args->value, var)))))
			continue;
		if (may_change_lists(x->c, s))
			return false;
	}
	return true;
}

/* The items of the opening list name as a tuple, when a comprehension of
 * threads over it (loop NULL) or a loop that makes one thread an item
 * (loop_keeps_list) is certain to see them: no code assigns the name, and
 * main code has done nothing yet that could change the list (x->opened).
 * (A comprehension reads every item before any of its threads can start.)
 * Else an error (reported) and NULL. */
static struct ast_expr *
opening_list(struct elab *x, const char *name, const struct ast_stmt *loop,
    struct lang_loc loc)
{
	struct compiler *c = x->c;
	const struct lang_shared *sh = opening_list_of(c, name);
	struct ast_expr *t;
	int i;

	if (!x->opened || compile_assigned_in_code(c, name) != 0 ||
	    (loop != NULL && !loop_keeps_list(x, loop, name))) {
		compile_error_at(c, loc, "'%s' is an opening list; lockstep makes threads "
		    "over one if no code assigns the name, main code has run nothing "
		    "before that could change the list (a call, an item assignment, +=, a "
		    "block), and, in a loop, neither the loop nor the threads can change "
		    "it; else write the threads' list out", name);
		return NULL;
	}
	t = ast_alloc(c->file->arena, sizeof(*t));
	t->kind = AST_TUPLE;
	t->loc = loc;
	t->u.list.n = sh->nitems;
	t->u.list.items = ast_alloc(c->file->arena,
	    (size_t)(sh->nitems > 0 ? sh->nitems : 1) * sizeof(*t->u.list.items));
	for (i = 0; i < sh->nitems; i++)
		t->u.list.items[i] = value_node(c, &sh->items[i], loc);
	return t;
}

/* The member that ctor makes for each var in iter: range(N), N constant,
 * or a tuple or list of constants (written there, an opening tuple NAMES,
 * or, in a comprehension, an opening list main code has not touched yet).
 * False after an error (reported). */
static bool
loop_member(struct elab *x, const struct ast_expr *ctor, const char *var,
    const struct ast_expr *iter, const struct ast_stmt *loop, struct member *m)
{
	struct compiler *c = x->c;
	int i;

	*m = (struct member){ ctor, 0, var, NULL };
	if (iter->kind == AST_NAME && constant_tuple(c, iter->u.name) != NULL) {
		iter = constant_tuple(c, iter->u.name);
	} else if (iter->kind == AST_NAME && opening_list_of(c, iter->u.name) != NULL) {
		iter = opening_list(x, iter->u.name, loop, iter->loc);
		if (iter == NULL)
			return false;
	}
	if (iter->kind != AST_TUPLE && iter->kind != AST_LIST) {
		m->count = constant_range(c, iter);
		return m->count > 0;
	}
	if (iter->u.list.n < 1 || iter->u.list.n > LANG_MAX_WORKERS) {
		compile_error_at(c, iter->loc, "a loop makes 1 to %d threads, not %d",
		    LANG_MAX_WORKERS, iter->u.list.n);
		return false;
	}
	for (i = 0; i < iter->u.list.n; i++)
		if (!known_when_made(c, iter->u.list.items[i], NULL,
		    "the items a loop of threads runs over"))
			return false;
	m->over = iter;
	m->count = iter->u.list.n;
	return true;
}

/* [Thread(...) for v in xs if c]: the member over the items whose c holds,
 * when that is certain: c is known when the threads are made (constants
 * and v), so it is evaluated now, once per item.  False after an error
 * (reported). */
static bool
filter_member(struct compiler *c, const struct ast_expr *cond, struct member *m)
{
	struct ast_expr *kept;
	struct lang_value v;
	bool keep = true, ok;
	int64_t k;

	if (!known_when_made(c, cond, m->var, "the filter of a comprehension of threads"))
		return false;
	kept = ast_alloc(c->file->arena, sizeof(*kept));
	kept->kind = AST_TUPLE;
	kept->loc = cond->loc;
	kept->u.list.items = ast_alloc(c->file->arena, (size_t)m->count * sizeof(*kept->u.list.items));
	for (k = 0; k < m->count; k++) {
		struct ast_expr *item = m->over != NULL ? m->over->u.list.items[k] :
		    int_node(c, k, cond->loc);

		if (!compile_const_eval(c, item, &v))
			return false;
		c->comp_var = m->var;
		c->comp_value = v;
		ok = compile_const_truthy(c, cond, &keep);
		c->comp_var = NULL;
		if (!ok)
			return false;
		if (keep)
			kept->u.list.items[kept->u.list.n++] = item;
	}
	if (kept->u.list.n == 0) {
		compile_error_at(c, cond->loc, "this filter keeps none of the threads; "
		    "lockstep makes 1 to %d", LANG_MAX_WORKERS);
		return false;
	}
	m->over = kept;
	m->count = kept->u.list.n;
	return true;
}

/* Thread(...).start() in a loop's body (the lecture's daemon workers:
 * `for _ in range(2): Thread(target=worker, daemon=True).start()`) is
 * t = Thread(...) and t.start() with a name no program can write, so the
 * loop is one of those creation_loop reads. */
static void
name_started_threads(struct elab *x, struct ast_stmt *loop)
{
	struct ast_stmt *s, *start;
	struct ast_expr *attr, *ctor;
	const char *var;

	for (s = loop->u.for_.body; s != NULL; s = s->next) {
		if (s->kind != AST_EXPR || !is_method_call(s->u.expr, "start") ||
		    !is_thread_ctor(s->u.expr->u.call.callee->u.attr.base))
			continue;
		attr = s->u.expr->u.call.callee;
		ctor = attr->u.attr.base;
		var = arena_printf(x->c, "thread@%u", ctor->loc.line);
		start = ast_alloc(x->c->file->arena, sizeof(*start));
		*start = *s;		/* var.start() after s */
		attr->u.attr.base = name_node(x->c, var, ctor->loc);
		memset(&s->u, 0, sizeof(s->u));
		s->kind = AST_ASSIGN;	/* s: var = Thread(...) */
		s->u.assign.target = name_node(x->c, var, ctor->loc);
		s->u.assign.value = ctor;
		s->next = start;
		s = start;
	}
}

/* The loop `for i in range(N):` whose body makes a thread, t = Thread(...),
 * appends it to list (if list is not NULL) and may start it: a group of N.
 * True if the loop is that (errors reported). */
static bool
creation_loop(struct elab *x, struct ast_stmt *loop, const char *list)
{
	struct compiler *c = x->c;
	struct ast_stmt **link, *s;
	const struct ast_expr *ctor = NULL;
	const char *var = NULL;
	struct ast_top *group;
	struct member m;
	size_t mark;

	if (loop == NULL || loop->kind != AST_FOR || loop->u.for_.var == NULL)
		return false;
	if (list == NULL)
		name_started_threads(x, loop);
	for (s = loop->u.for_.body; s != NULL && ctor == NULL; s = s->next)
		ctor = made_thread(s, &var);
	if (ctor == NULL)
		return false;
	/* ts = [] stays empty, as in CPython, unless the loop appends */
	for (s = loop->u.for_.body; list != NULL && s != NULL; s = s->next)
		if (is_append_of(s, list, var))
			break;
	if (list != NULL && s == NULL)
		return false;
	if (!loop_member(x, ctor, loop->u.for_.var, loop->u.for_.range, loop, &m))
		return true;
	if (strcmp(var, loop->u.for_.var) == 0) {
		compile_error_at(c, ctor->loc, "the loop's variable cannot hold the thread "
		    "too; name the thread t");
		return true;
	}
	group = make_group(x, &m, 1, list != NULL ? list : arena_printf(c, "%s (line %u)",
	    var, ctor->loc.line), true);
	if (group == NULL)
		return true;
	/* the body without the making and the appending; t is member i */
	link = &loop->u.for_.body;
	while ((s = *link) != NULL) {
		const char *made;

		if (made_thread(s, &made) == ctor || (list != NULL && is_append_of(s, list, var)))
			*link = s->next;
		else
			link = &s->next;
	}
	if (m.over != NULL) {
		/* over a tuple: the loop runs over the members' indexes, $n, and
		 * its variable is the item, as in Python: n = (a, b)[$n] first */
		const char *index = arena_printf(c, "$%s", loop->u.for_.var);
		struct ast_stmt *item = ast_alloc(c->file->arena, sizeof(*item));
		struct ast_expr *value = ast_alloc(c->file->arena, sizeof(*value));

		value->kind = AST_INDEX;
		value->loc = loop->u.for_.var_loc;
		value->u.index.base = substitute(c, m.over, NULL, NULL);
		value->u.index.index = name_node(c, index, loop->u.for_.var_loc);
		item->kind = AST_ASSIGN;
		item->loc = loop->loc;
		item->u.assign.target = name_node(c, loop->u.for_.var, loop->u.for_.var_loc);
		item->u.assign.value = value;
		item->next = loop->u.for_.body;
		loop->u.for_.body = item;
		loop->u.for_.range = range_of(c, m.count, loop->u.for_.range);
		loop->u.for_.var = index;
	}
	unbind(x, var, ctor->loc);
	mark = x->nb;
	bind(x, var, BIND_MEMBER, group, ctor->loc.line);
	x->b[x->nb - 1].index = loop->u.for_.var;
	rewrite_block(x, loop->u.for_.body);
	x->nb = mark;
	if (list != NULL)
		bind(x, list, BIND_LIST, group, ctor->loc.line);
	bind(x, var, BIND_LAST, group, ctor->loc.line);
	return true;
}

static struct ast_expr *
call_node(struct compiler *c, struct ast_expr *callee, const struct ast_expr *arg,
    struct lang_loc loc)
{
	struct ast_expr *e = ast_alloc(c->file->arena, sizeof(*e));

	e->kind = AST_CALL;
	e->loc = loc;
	e->u.call.callee = callee;
	if (arg != NULL) {
		e->u.call.args = ast_alloc(c->file->arena, sizeof(*e->u.call.args));
		e->u.call.args->value = (struct ast_expr *)arg;	/* only read */
		e->u.call.nargs = 1;
	}
	return e;
}

/* finished.method(arg) as a statement. */
static struct ast_stmt *
event_call(struct compiler *c, const char *finished, const char *method,
    const struct ast_expr *arg, struct lang_loc loc)
{
	struct ast_expr *attr = ast_alloc(c->file->arena, sizeof(*attr));
	struct ast_stmt *s = ast_alloc(c->file->arena, sizeof(*s));

	attr->kind = AST_ATTR;
	attr->loc = loc;
	attr->u.attr.base = name_node(c, finished, loc);
	attr->u.attr.name = method;
	s->kind = AST_EXPR;
	s->loc = loc;
	s->u.expr = call_node(c, attr, arg, loc);
	return s;
}

/* var = threading.Timer(interval, function, args=(...)): a thread, named
 * as CPython names it (Thread-N), whose code is CPython's Timer.run():
 *
 *     var.finished.wait(interval)
 *     if not var.finished.is_set():
 *         function(*args)
 *     var.finished.set()
 *
 * var.finished an Event of its own, which var.cancel() sets: so the wait
 * is a timeout the schedule may take at any moment (model/wait.c) against
 * a cancel.  NULL after an error. */
static struct ast_top *
make_timer(struct elab *x, const struct ast_expr *ctor, const char *var)
{
	static const char *const params[] = { "interval", "function", "args", "kwargs" };
	struct compiler *c = x->c;
	const struct ast_expr *arg[4];
	struct ast_expr *thread, *cond, *finished_ctor;
	struct ast_top *decl, *top;
	struct ast_stmt *wait, *test, *set;
	struct ast_arg *a, **tail;
	const char *finished;
	size_t before = c->prog->ngroups;
	int i;

	if (compile_bind_args(c, ctor, "Timer", params, 4, arg) < 0)
		return NULL;
	if (arg[0] == NULL || arg[1] == NULL) {
		compile_error_at(c, ctor->loc, "TypeError: Timer() needs the interval and "
		    "the function: threading.Timer(seconds, f)");
		return NULL;
	}
	if (arg[3] != NULL && arg[3]->kind == AST_NONE)
		arg[3] = NULL;
	if (arg[3] != NULL && !good_kwargs(c, arg[3]))
		return NULL;
	if (arg[2] != NULL && arg[2]->kind == AST_NONE)
		arg[2] = NULL;
	if (arg[2] != NULL && arg[2]->kind != AST_TUPLE && arg[2]->kind != AST_LIST) {
		compile_error_at(c, arg[2]->loc, "args= is a tuple of the function's "
		    "arguments: write args=(x,)");
		return NULL;
	}
	if (!good_target(c, arg[1], "a Timer's function"))
		return NULL;
	if (!known_when_made(c, arg[0], NULL, "a Timer's interval"))
		return NULL;
	for (i = 0; arg[2] != NULL && i < arg[2]->u.list.n; i++)
		if (!known_when_made(c, arg[2]->u.list.items[i], NULL,
		    "a Timer's arguments (lockstep reads them when it starts)"))
			return NULL;
	for (i = 1; arg[3] != NULL && i < arg[3]->u.list.n; i += 2)
		if (!known_when_made(c, arg[3]->u.list.items[i], NULL,
		    "a Timer's arguments (lockstep reads them when it starts)"))
			return NULL;

	/* its Event, declared as an opening `var.finished = Event()` would be */
	finished = arena_printf(c, "%s.finished", var);
	finished_ctor = call_node(c, name_node(c, "Event", ctor->loc), NULL, ctor->loc);
	decl = ast_alloc(c->file->arena, sizeof(*decl));
	decl->kind = AST_DECL;
	decl->loc = decl->name_loc = ctor->loc;
	decl->name = finished;
	decl->value = finished_ctor;
	compile_declare_shared(c, decl);
	if (compile_find_shared(c, finished) < 0)
		return NULL;

	thread = call_node(c, substitute(c, arg[1], NULL, NULL), NULL, arg[1]->loc);
	thread->u.call.args = NULL;
	for (i = 0; arg[2] != NULL && i < arg[2]->u.list.n; i++) {
		a = ast_alloc(c->file->arena, sizeof(*a));
		a->value = substitute(c, arg[2]->u.list.items[i], NULL, NULL);
		a->next = thread->u.call.args;
		thread->u.call.args = a;
		thread->u.call.nargs++;
	}
	/* (built backwards: put them in order) */
	for (a = thread->u.call.args, thread->u.call.args = NULL; a != NULL;) {
		struct ast_arg *next = a->next;

		a->next = thread->u.call.args;
		thread->u.call.args = a;
		a = next;
	}
	/* then kwargs=, as keyword arguments: function(*args, **kwargs) */
	for (tail = &thread->u.call.args; *tail != NULL; tail = &(*tail)->next)
		;
	add_kwargs(c, thread, tail, arg[3], NULL, NULL);
	wait = event_call(c, finished, "wait", substitute(c, arg[0], NULL, NULL), ctor->loc);
	set = event_call(c, finished, "set", NULL, ctor->loc);
	cond = ast_alloc(c->file->arena, sizeof(*cond));
	cond->kind = AST_UNARY;
	cond->loc = ctor->loc;
	cond->u.unary.op = LANG_UN_NOT;
	cond->u.unary.operand = event_call(c, finished, "is_set", NULL, ctor->loc)->u.expr;
	test = ast_alloc(c->file->arena, sizeof(*test));
	test->kind = AST_IF;
	test->loc = ctor->loc;
	test->u.if_.cond = cond;
	test->u.if_.then = ast_alloc(c->file->arena, sizeof(*test->u.if_.then));
	test->u.if_.then->kind = AST_EXPR;
	test->u.if_.then->loc = ctor->loc;
	test->u.if_.then->u.expr = thread;
	wait->next = test;
	test->next = set;

	top = ast_alloc(c->file->arena, sizeof(*top));
	top->kind = AST_THREAD;
	top->loc = top->name_loc = ctor->loc;
	top->first_line = top->last_line = ctor->loc.line;
	top->name = arena_printf(c, "Thread-%d", ++x->unnamed);
	top->body = wait;
	compile_declare_group(c, top, x->total_threads);
	return c->prog->ngroups > before ? top : NULL;
}

/* var.append(Thread(...)) as a statement: the Thread, or NULL. */
static const struct ast_expr *
appended_thread(const struct ast_stmt *s, const char *var)
{
	const struct ast_expr *e;

	if (s == NULL || s->kind != AST_EXPR || !is_method_call(s->u.expr, "append") ||
	    !is_name(s->u.expr->u.call.callee->u.attr.base, var) ||
	    s->u.expr->u.call.nargs != 1 || s->u.expr->u.call.args->keyword != NULL)
		return NULL;
	e = s->u.expr->u.call.args->value;
	return is_thread_ctor(e) ? e : NULL;
}

/* [Thread(...) for a, b in ((1, 2), ...)]: the constructor with each
 * target read as its item of the comprehension's variable, var[0], var[1]
 * (parser_unpack.c), once m's items are tuples of as many constants;
 * false after an error (reported). */
static bool
unpacked_member(struct elab *x, const struct ast_expr *comp, struct member *m)
{
	struct compiler *c = x->c;
	const struct ast_expr *targets = comp->u.comp.targets, *item;
	struct ast_expr *ctor = comp->u.comp.elem, *at;
	int i, k, n = targets->u.list.n;

	for (k = 0; k < n; k++) {
		if (targets->u.list.items[k]->kind != AST_NAME || comp->u.comp.before != NULL) {
			compile_error_at(c, targets->u.list.items[k]->loc, "a loop of threads "
			    "unpacks its tuples into names: for name, n in ((\"a\", 1), ...)");
			return false;
		}
		at = ast_alloc(c->file->arena, sizeof(*at));
		at->kind = AST_INDEX;
		at->loc = targets->u.list.items[k]->loc;
		at->u.index.base = name_node(c, comp->u.comp.var, at->loc);
		at->u.index.index = int_node(c, k, at->loc);
		ctor = substitute(c, ctor, targets->u.list.items[k]->u.name, at);
	}
	if (!loop_member(x, ctor, comp->u.comp.var, comp->u.comp.range, NULL, m))
		return false;
	for (i = 0; i < (m->over != NULL ? m->over->u.list.n : 1); i++) {
		item = m->over != NULL ? m->over->u.list.items[i] : comp->u.comp.range;
		if (m->over == NULL) {
			compile_error_at(c, item->loc, "TypeError: cannot unpack non-iterable "
			    "int object");
			return false;
		}
		if (item->kind != AST_TUPLE && item->kind != AST_LIST) {
			compile_error_at(c, item->loc, "a loop of threads unpacks tuples "
			    "written out: (\"a\", 1)");
			return false;
		}
		if (item->u.list.n != n) {
			compile_error_at(c, item->loc, "ValueError: %s values to unpack "
			    "(expected %d%s)", item->u.list.n > n ? "too many" : "not enough", n,
			    item->u.list.n > n ? "" : arena_printf(c, ", got %d", item->u.list.n));
			return false;
		}
	}
	return true;
}

/* var = [Thread(...) for x in range(N)], [Thread(...) for x in (a, b)] or
 * [Thread(...), Thread(...)] as the statement at *link, with the
 * var.append(Thread(...)) statements right after it: the list is certain
 * to hold these threads in this order, so they are one group, the list's.
 * True if that is the statement (then it and the appends are gone). */
static bool
thread_list(struct elab *x, struct ast_stmt **link)
{
	struct compiler *c = x->c;
	struct ast_stmt *s = *link;
	const struct ast_expr *value, *ctor;
	const char *var;
	struct member *m = NULL;
	size_t nm = 0, cap = 0;
	struct ast_top *group = NULL;
	bool ok = true;
	int i;

	if (s->kind != AST_ASSIGN || s->u.assign.augmented ||
	    s->u.assign.target->kind != AST_NAME)
		return false;
	value = s->u.assign.value;
	if (value->kind == AST_LISTCOMP && is_thread_ctor(value->u.comp.elem)) {
		m = xgrow(m, &cap, 1, sizeof(*m));
		if (value->u.comp.targets != NULL && value->u.comp.cond != NULL) {
			compile_error_at(c, value->u.comp.cond->loc, "an if filter in a "
			    "comprehension of threads that unpacks its items is not supported "
			    "yet; write the threads' list out");
			ok = false;
			nm++;
		} else {
			ok = value->u.comp.targets != NULL ? unpacked_member(x, value, &m[nm++]) :
			    loop_member(x, value->u.comp.elem, value->u.comp.var,
			    value->u.comp.range, NULL, &m[nm++]);
			ok = ok && (value->u.comp.cond == NULL ||
			    filter_member(c, value->u.comp.cond, &m[0]));
		}
	} else if (value->kind == AST_LIST && value->u.list.n > 0) {
		for (i = 0; i < value->u.list.n; i++)
			if (!is_thread_ctor(value->u.list.items[i]))
				return false;
		for (i = 0; i < value->u.list.n; i++) {
			m = xgrow(m, &cap, nm + 1, sizeof(*m));
			m[nm++] = (struct member){ value->u.list.items[i], 1, NULL, NULL };
		}
	} else {
		return false;
	}
	var = s->u.assign.target->u.name;
	while ((ctor = appended_thread(s->next, var)) != NULL && nm < LANG_MAX_WORKERS) {
		m = xgrow(m, &cap, nm + 1, sizeof(*m));
		m[nm++] = (struct member){ ctor, 1, NULL, NULL };
		s->next = s->next->next;
	}
	unbind(x, var, s->u.assign.target->loc);
	if (ok)
		group = make_group(x, m, (int)nm, var, true);
	if (group != NULL)
		bind(x, var, BIND_LIST, group, value->loc.line);
	free(m);
	*link = s->next;
	return true;
}

/* Thread(...).start() as a statement: a thread nobody names again. */
static bool
started_thread(struct elab *x, struct ast_stmt *s)
{
	struct ast_expr *attr;
	struct member one;
	struct ast_top *group;

	if (s->kind != AST_EXPR || !is_method_call(s->u.expr, "start") ||
	    !is_thread_ctor(s->u.expr->u.call.callee->u.attr.base))
		return false;
	attr = s->u.expr->u.call.callee;
	one = (struct member){ attr->u.attr.base, 1, NULL, NULL };
	group = make_group(x, &one, 1, NULL, false);
	if (group != NULL) {
		attr->u.attr.base = name_node(x->c, group->name, attr->u.attr.base->loc);
		if (x->worker == NULL)
			note_worker_start(x, group);
	}
	return true;
}

struct calls {
	const struct compiler *c;
	bool found;
};

static bool
calls_visit(struct ast_expr **slot, void *arg)
{
	struct calls *k = arg;

	if ((*slot)->kind == AST_CALL && !compile_is_pure_builtin(k->c, *slot))
		k->found = true;
	return !k->found;
}

/* Whether e calls anything but a pure builtin. */
static bool
calls_anything(const struct compiler *c, const struct ast_expr *e)
{
	struct ast_expr *slot = (struct ast_expr *)e;	/* only read */
	struct calls k = { c, false };

	ast_each_expr(&slot, calls_visit, &k);
	return k.found;
}

/* Whether a statement of main code could change an opening list when it
 * runs (after it, a loop of threads over one no longer knows its items):
 * anything but an assignment to a name and a print() of expressions that
 * call nothing but builtins that change no object (compile_is_pure_builtin).  A call could append to the list, a
 * started thread too, a block could hold either, an item assignment or a
 * += changes it in place. */
static bool
may_change_lists(const struct compiler *c, const struct ast_stmt *s)
{
	switch (s->kind) {
	case AST_ASSIGN:
		return s->u.assign.augmented || s->u.assign.target->kind != AST_NAME ||
		    calls_anything(c, s->u.assign.value);
	case AST_EXPR:
		return calls_anything(c, s->u.expr);
	case AST_PASS:
	case AST_GLOBAL:
		return false;
	case AST_IF:
	case AST_WHILE:
	case AST_FOR:
	case AST_BREAK:
	case AST_CONTINUE:
	case AST_ASSERT:
	case AST_ATOMIC:
	case AST_WITH:
	case AST_RETURN:
	case AST_TRY:
	case AST_RAISE:
		return true;
	}
	return true;
}

/* Threads passed to a def main code runs once: a positional or keyword
 * argument that is a name holding a thread or a list of threads
 * (join_all(threads)).  The def's parameter is to name the same threads:
 * its binding goes into passed (room for LANG_MAX_PARAMS), and the
 * argument and the parameter both go, since this call is the def's only
 * one.  The caller's thread counts as started from here on (the def may
 * have started it).  Returns how many were passed. */
static int
pass_threads(struct elab *x, struct ast_stmt *s, struct ast_top *def,
    struct binding *passed)
{
	struct ast_expr *call = s->u.expr;
	struct ast_param *gone[LANG_MAX_PARAMS], *p, **pp;
	struct ast_arg *a, **arg;
	struct binding *b;
	int n = 0, k = 0, i, j;

	/* first which parameters go, by the call as written */
	for (a = call->u.call.args; a != NULL; a = a->next) {
		int at = a->keyword == NULL ? k++ : -1;

		b = a->value->kind == AST_NAME ? find_binding(x, a->value->u.name) : NULL;
		if (b == NULL || (b->kind != BIND_THREAD && b->kind != BIND_LIST))
			continue;
		for (p = def->params, i = 0; p != NULL; p = p->next, i++)
			if (a->keyword != NULL ? strcmp(p->name, a->keyword) == 0 : i == at)
				break;
		if (p == NULL || n == LANG_MAX_PARAMS)
			continue;	/* the call's own diagnostic says what is wrong */
		passed[n] = *b;
		passed[n].var = passed[n].index = p->name;
		gone[n++] = p;
		if (b->kind == BIND_THREAD)
			b->started = true;
		a->value = NULL;	/* marks the argument to drop */
	}
	for (arg = &call->u.call.args; *arg != NULL;)
		if ((*arg)->value == NULL) {
			*arg = (*arg)->next;
			call->u.call.nargs--;
		} else {
			arg = &(*arg)->next;
		}
	for (j = 0; j < n; j++)
		for (pp = &def->params; *pp != NULL; pp = &(*pp)->next)
			if (*pp == gone[j]) {
				*pp = gone[j]->next;
				def->nparams--;
				break;
			}
	return n;
}

/* Main code's statements from *link on: its Thread objects made groups,
 * their uses rewritten; a def it runs once (compile_threads_def.c) is
 * main code too, met where it is called, with its own scope. */
static void
elaborate(struct elab *x, struct ast_stmt **link)
{
	struct ast_stmt *s;

	while ((s = *link) != NULL) {
		const struct ast_expr *ctor;
		const char *var;
		struct ast_top *group, *def;
		struct member one;

		if ((ctor = made_thread(s, &var)) != NULL) {
			unbind(x, var, s->u.assign.target->loc);
			one = (struct member){ ctor, 1, NULL, NULL };
			group = make_group(x, &one, 1, NULL, false);
			if (group != NULL)
				bind(x, var, BIND_THREAD, group, ctor->loc.line);
			*link = s->next;
			continue;
		}
		if (s->kind == AST_ASSIGN && !s->u.assign.augmented &&
		    s->u.assign.target->kind == AST_NAME && is_timer_ctor(s->u.assign.value)) {
			var = s->u.assign.target->u.name;
			unbind(x, var, s->u.assign.target->loc);
			group = make_timer(x, s->u.assign.value, var);
			if (group != NULL) {
				bind(x, var, BIND_THREAD, group, s->u.assign.value->loc.line);
				x->b[x->nb - 1].finished = arena_printf(x->c, "%s.finished", var);
			}
			*link = s->next;
			continue;
		}
		if (thread_list(x, link))
			continue;
		if (s->kind == AST_ASSIGN && !s->u.assign.augmented &&
		    s->u.assign.target->kind == AST_NAME &&
		    s->u.assign.value->kind == AST_LIST && s->u.assign.value->u.list.n == 0 &&
		    creation_loop(x, s->next, s->u.assign.target->u.name)) {
			/* the list is the group: `ts = []` goes, the loop is done */
			x->opened = false;
			*link = s->next;
			link = &s->next->next;
			continue;
		}
		if ((def = compile_run_once_def(x->c, s)) != NULL) {
			size_t mark = x->nb, scope = x->scope;
			struct binding passed[LANG_MAX_PARAMS];
			int npassed = pass_threads(x, s, def, passed), i;

			rewrite_stmt(x, s);
			x->scope = x->nb;
			for (i = 0; i < npassed; i++) {
				bind(x, passed[i].var, passed[i].kind, passed[i].group,
				    passed[i].line);
				x->b[x->nb - 1] = passed[i];
			}
			elaborate(x, &def->body);
			x->nb = mark;
			x->scope = scope;
			x->opened = false;
		} else if (started_thread(x, s) || creation_loop(x, s, NULL)) {
			x->opened = false;
		} else {
			if (may_change_lists(x->c, s))
				x->opened = false;
			rewrite_stmt(x, s);
		}
		link = &s->next;
	}
}

static bool
makes_visit(struct ast_expr **slot, void *arg)
{
	bool *makes = arg;

	if (is_thread_ctor(*slot) || is_timer_ctor(*slot))
		*makes = true;
	return !*makes;
}

/* Whether def's body makes a Thread or a Timer anywhere. */
static bool
makes_threads(struct ast_top *def)
{
	bool makes = false;

	ast_each_expr_in_block(def->body, makes_visit, &makes);
	return makes;
}

/* Whether loop makes a thread and appends it to list: a loop of threads
 * that fills it (creation_loop reads it). */
static bool
fills_list(const struct ast_stmt *loop, const char *list)
{
	const struct ast_stmt *s;
	const char *var = NULL;

	if (loop->kind != AST_FOR)
		return false;
	for (s = loop->u.for_.body; s != NULL && var == NULL; s = s->next)
		made_thread(s, &var);
	for (s = loop->u.for_.body; var != NULL && s != NULL; s = s->next)
		if (is_append_of(s, list, var))
			return true;
	return false;
}

/* The lecture's
 *
 *     threads = []                  (an opening assignment)
 *     for i in range(N):
 *         t = Thread(...)
 *         threads.append(t)
 *
 * is main code's `threads = []` right before its loop, as elaborate()
 * reads it, when that is the same: the list is named by main's own
 * statements only, never assigned again, and the first of them to name it
 * is the loop (nothing reads it before). */
void
compile_python_thread_lists(struct compiler *c)
{
	struct ast_top **link = &c->file->tops, *top, *main = NULL;
	struct ast_stmt **at, *s;

	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_MAIN)
			main = top;
	while (main != NULL && (top = *link) != NULL) {
		struct mention k = { top->name, false };

		if (top->kind != AST_DECL || top->value->kind != AST_LIST ||
		    top->value->u.list.n != 0 || compile_assigned_in_code(c, top->name) != 0 ||
		    threads_can_name(c, top->name)) {
			link = &top->next;
			continue;
		}
		for (at = &main->body; (s = *at) != NULL; at = &s->next) {
			struct ast_stmt one = *s;

			one.next = NULL;
			ast_each_expr_in_block(&one, mention_visit, &k);
			if (k.found)
				break;
		}
		if (s == NULL || !fills_list(s, top->name)) {
			link = &top->next;
			continue;
		}
		s = ast_alloc(c->file->arena, sizeof(*s));
		s->kind = AST_ASSIGN;
		s->loc = top->loc;
		s->u.assign.target = name_node(c, top->name, top->name_loc);
		s->u.assign.value = top->value;
		s->next = *at;
		*at = s;
		*link = top->next;	/* no longer an opening name */
	}
}

/* The workers' bodies, once main code is done (struct worker): each one
 * whose thread main code made once is elaborated as main code is, in a
 * scope of its own (main's bindings are not its names); any other is a
 * def whose threads cannot be seen, as before. */
static void
elaborate_workers(struct elab *x)
{
	struct binding *outer = x->b;
	size_t i, nb = x->nb, cap = x->cap;
	bool made_some = false;
	int before;

	x->outer = outer;
	x->nouter = nb;
	for (i = 0; i < x->nworkers; i++) {
		struct worker *w = &x->workers[i];

		x->b = NULL;
		x->nb = x->cap = x->scope = 0;
		x->body = w->def->body;
		if (!w->once || w->group == NULL) {
			x->def = w->def->name;
			x->def_group = w->group != NULL && w->group->count != NULL &&
			    w->group->count->kind == AST_INT && w->group->count->u.ival > 1 ?
			    w->group : NULL;
			rewrite_block(x, w->def->body);
			x->def = NULL;
			x->def_group = NULL;
			free(x->b);
			continue;
		}
		x->opened = false;	/* main code runs on beside it */
		x->racy_numbers = made_some || w->unnamed_at_start != x->unnamed;
		x->daemon_maker = w->group->daemon;
		before = x->unnamed;
		x->worker = w->def->name;
		elaborate(x, &w->def->body);
		x->worker = NULL;
		made_some = made_some || x->unnamed > before;
		free(x->b);
	}
	x->b = outer;
	x->nb = nb;
	x->cap = cap;
	x->outer = NULL;
	x->nouter = 0;
	x->body = NULL;
	x->racy_numbers = x->daemon_maker = false;
}

void
compile_python_threads(struct compiler *c, int *total_threads)
{
	struct elab x;
	struct ast_top *top, *main = NULL;
	size_t cap = 0;

	memset(&x, 0, sizeof(x));
	x.c = c;
	x.total_threads = total_threads;
	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_MAIN)
			main = top;
	/* a def's Thread is made when the def runs, which lockstep cannot see
	 * unless main code runs it once, or it may be a worker's (seen once
	 * main code is done) */
	for (top = c->file->tops; top != NULL; top = top->next)
		if (top->kind == AST_DEF && top->run_once == NULL) {
			if (compile_mentions_of(c->file, top->name) == 1 && makes_threads(top)) {
				x.workers = xgrow(x.workers, &cap, x.nworkers + 1,
				    sizeof(*x.workers));
				x.workers[x.nworkers++] = (struct worker){ top, NULL, false, -1 };
				continue;
			}
			x.def = top->name;
			rewrite_block(&x, top->body);
		}
	x.def = NULL;
	x.opened = true;
	if (main != NULL)
		elaborate(&x, &main->body);
	elaborate_workers(&x);
	free(x.b);
	free(x.workers);
}
