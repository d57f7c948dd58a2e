/* compile.c - resolve names and generate per-thread step programs.
 *
 * Three passes over the AST:
 *   1. declarations: shared names with their initial values, evaluated at
 *      compile time; thread definitions with their sizes;
 *   2. locals: for each thread, the names it assigns that are not shared
 *      (so that a read can tell "unknown" from "not yet assigned", and a
 *      local of one thread named in another gets a helpful note);
 *   3. code: each thread body and each expect to instructions.
 * Definite assignment (as in Java) runs alongside code generation so that a
 * thread-local read before any assignment is a compile-time error.
 */
#include "config.h"

#include "lang/compile.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/ast.h"
#include "lang/lexer.h"
#include "lang/limits.h"
#include "lang/parser.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* A set of local slots, for definite assignment.  All bits set stands for
 * "unreachable", the neutral element of intersection. */
struct daset {
	uint64_t w[LANG_MAX_LOCALS / 64];
};

static void
da_fill(struct daset *d)
{
	memset(d->w, 0xff, sizeof(d->w));
}

static void
da_add(struct daset *d, int slot)
{
	d->w[slot / 64] |= (uint64_t)1 << (slot % 64);
}

static bool
da_has(const struct daset *d, int slot)
{
	return (d->w[slot / 64] >> (slot % 64)) & 1;
}

static void
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
};

enum scope_kind { SCOPE_LOOP, SCOPE_WITH, SCOPE_ATOMIC };

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
	int group;
	struct lang_code *code;
	size_t code_cap;
	struct local *locals;
	int nlocals;
	bool too_many_insns;
	bool too_many_locals;		/* reported for this thread */
	bool too_many_shared;		/* reported */
	struct daset da;
	struct scope *scope;
	int atomic_depth;
	struct lang_expect *expect;

	/* a comprehension variable during constant evaluation */
	const char *comp_var;
	int64_t comp_value;

	/* prog->strings: its capacity, and a hash index of index + 1 (0: empty) */
	size_t strings_cap;
	size_t *string_index, string_index_size;

	/* names whose declaration failed: uses of them are not reported */
	const char **broken;
	size_t nbroken, broken_cap;
};

static void __attribute__((format(printf, 3, 4)))
error_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lang_diag_add(c->diags, LANG_ERROR, c->src, c->src->path, loc, "%s", msg);
}

static void __attribute__((format(printf, 3, 4)))
note_at(struct compiler *c, struct lang_loc loc, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	lang_diag_add(c->diags, LANG_NOTE, c->src, c->src->path, loc, "%s", msg);
}

/* ---- names ---- */

static void
mark_broken(struct compiler *c, const char *name)
{
	c->broken = xgrow(c->broken, &c->broken_cap, c->nbroken + 1, sizeof(*c->broken));
	c->broken[c->nbroken++] = name;
}

/* Declared, but the declaration had an error: saying "unknown name" at
 * every use would only bury the real error. */
static bool
is_broken(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nbroken; i++)
		if (strcmp(c->broken[i], name) == 0)
			return true;
	return false;
}

static const char *const builtin_functions[] = {
	"range", "len", "print", "sleep",
};

static bool
is_builtin_function(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(builtin_functions) / sizeof(builtin_functions[0]); i++)
		if (strcmp(name, builtin_functions[i]) == 0)
			return true;
	return false;
}

static int
find_shared(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->prog->nshared; i++)
		if (strcmp(c->prog->shared[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
find_group(const struct compiler *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->prog->ngroups; i++)
		if (strcmp(c->prog->groups[i].name, name) == 0)
			return (int)i;
	return -1;
}

static int
find_local(const struct compiler *c, const char *name)
{
	int i;

	for (i = 0; i < c->nlocals; i++)
		if (!c->locals[i].hidden && strcmp(c->locals[i].name, name) == 0)
			return i;
	return -1;
}

/* The first other thread that has a local of this name, or -1. */
static int
group_with_local(const struct compiler *c, const char *name)
{
	size_t g;
	int i;

	if (c->group_nlocals == NULL)
		return -1;	/* pass 1: the locals are not collected yet */
	for (g = 0; g < c->prog->ngroups; g++) {
		if ((int)g == c->group && c->ctx == CTX_THREAD)
			continue;
		for (i = 0; i < c->group_nlocals[g]; i++)
			if (strcmp(c->group_locals[g][i].name, name) == 0)
				return (int)g;
	}
	return -1;
}

static size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[LANG_MAX_NAME_CHARS + 2];

	if (la > LANG_MAX_NAME_CHARS || lb > LANG_MAX_NAME_CHARS)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

static void
consider(const char *name, const char *candidate, const char **best, size_t *dist)
{
	size_t d = edit_distance(name, candidate);

	if (d > 0 && d < *dist && d <= 2 && d < strlen(candidate)) {
		*best = candidate;
		*dist = d;
	}
}

/* A known name close to name, for "did you mean". */
static const char *
similar_name(const struct compiler *c, const char *name)
{
	const char *best = NULL;
	size_t dist = SIZE_MAX, i;
	int l;

	for (i = 0; i < c->prog->nshared; i++)
		consider(name, c->prog->shared[i].name, &best, &dist);
	if (c->ctx == CTX_THREAD)
		for (l = 0; l < c->nlocals; l++)
			if (!c->locals[l].hidden)
				consider(name, c->locals[l].name, &best, &dist);
	return best;
}

static void
unknown_name(struct compiler *c, const char *name, struct lang_loc loc)
{
	const char *near = similar_name(c, name);
	int g = group_with_local(c, name);

	if (is_broken(c, name))
		return;
	error_at(c, loc, "unknown name '%s'%s%s%s", name, near ? "; did you mean '" : "",
	    near ? near : "", near ? "'?" : "");
	if (g >= 0 && c->ctx == CTX_THREAD)
		note_at(c, c->group_tops[g]->name_loc,
		    "'%s' is a local of thread %s; locals are private to their thread "
		    "(declare it at the top level to share it)", name,
		    c->prog->groups[g].name);
}

static const char *
shared_kind_name(const struct lang_shared *s)
{
	switch (s->kind) {
	case LANG_SHARED_SCALAR:
		return "a shared variable";
	case LANG_SHARED_ARRAY:
		return "a shared array";
	case LANG_SHARED_PRIM:
		return lang_prim_info(s->prim)->name;
	case LANG_SHARED_PRIM_ARRAY:
		return "an array of primitives";
	}
	return "?";
}

static const char *
article(const char *word)
{
	if (strncmp(word, "RW", 2) == 0 || strncmp(word, "RL", 2) == 0)
		return "an";
	return strchr("AEIOUaeiou", word[0]) != NULL ? "an" : "a";
}

/* ---- strings and constants ---- */

static size_t
string_hash(const char *s, size_t len)
{
	size_t h = 2166136261u, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* Rebuild the index of prog->strings with room for twice as many. */
static void
grow_string_index(struct compiler *c)
{
	const struct lang_program *prog = c->prog;
	size_t i, h;

	free(c->string_index);
	c->string_index_size = c->string_index_size ? c->string_index_size * 2 : 64;
	c->string_index = xcalloc(c->string_index_size, sizeof(*c->string_index));
	for (i = 0; i < prog->nstrings; i++) {
		h = string_hash(prog->strings[i], strlen(prog->strings[i]));
		while (c->string_index[h & (c->string_index_size - 1)] != 0)
			h++;
		c->string_index[h & (c->string_index_size - 1)] = i + 1;
	}
}

/* A file can hold tens of thousands of strings: found by hash, not by a
 * search of all of them. */
static int
intern_string(struct compiler *c, const char *s, size_t len)
{
	struct lang_program *prog = c->prog;
	size_t h, slot;

	if (2 * (prog->nstrings + 1) > c->string_index_size)
		grow_string_index(c);
	for (h = string_hash(s, len);; h++) {
		slot = c->string_index[h & (c->string_index_size - 1)];
		if (slot == 0)
			break;
		if (strlen(prog->strings[slot - 1]) == len &&
		    memcmp(prog->strings[slot - 1], s, len) == 0)
			return (int)(slot - 1);
	}
	prog->strings = xgrow(prog->strings, &c->strings_cap, prog->nstrings + 1,
	    sizeof(*prog->strings));
	prog->strings[prog->nstrings] = xstrndup(s, len);
	c->string_index[h & (c->string_index_size - 1)] = ++prog->nstrings;
	return (int)(prog->nstrings - 1);
}

static bool
is_const_true(const struct ast_expr *e)
{
	return (e->kind == AST_BOOL || e->kind == AST_INT) && e->u.ival != 0;
}

/* ---- constant evaluation (initializers, thread counts, range steps) ---- */

static bool const_eval(struct compiler *c, const struct ast_expr *e, struct lang_value *out);

static bool
const_int(struct compiler *c, const struct ast_expr *e, int64_t *out, const char *what)
{
	struct lang_value v;

	if (!const_eval(c, e, &v))
		return false;
	if (v.kind != LANG_VAL_INT) {
		error_at(c, e->loc, "%s must be an integer", what);
		return false;
	}
	*out = v.i;
	return true;
}

static bool
checked_arith(enum lang_binop op, int64_t a, int64_t b, int64_t *r, const char **err)
{
	switch (op) {
	case LANG_BIN_ADD:
		if (__builtin_add_overflow(a, b, r))
			break;
		return true;
	case LANG_BIN_SUB:
		if (__builtin_sub_overflow(a, b, r))
			break;
		return true;
	case LANG_BIN_MUL:
		if (__builtin_mul_overflow(a, b, r))
			break;
		return true;
	case LANG_BIN_FLOORDIV:
	case LANG_BIN_MOD:
		if (b == 0) {
			*err = "ZeroDivisionError: integer division or modulo by zero";
			return false;
		}
		if (a == INT64_MIN && b == -1)
			break;
		{
			int64_t q = a / b, m = a % b;

			if (m != 0 && ((m < 0) != (b < 0))) {
				q--;
				m += b;
			}
			*r = op == LANG_BIN_FLOORDIV ? q : m;
		}
		return true;
	default:
		break;
	}
	*err = "OverflowError: the result does not fit in 64 bits";
	return false;
}

static int
compare_values(const struct compiler *c, const struct lang_value *a,
    const struct lang_value *b, bool *ordered)
{
	*ordered = true;
	if ((a->kind == LANG_VAL_INT || a->kind == LANG_VAL_BOOL) &&
	    (b->kind == LANG_VAL_INT || b->kind == LANG_VAL_BOOL))
		return (a->i > b->i) - (a->i < b->i);
	if (a->kind == LANG_VAL_STR && b->kind == LANG_VAL_STR)
		return strcmp(c->prog->strings[a->i], c->prog->strings[b->i]);
	*ordered = false;
	return a->kind != b->kind;
}

static bool
truthy(const struct compiler *c, const struct lang_value *v)
{
	switch (v->kind) {
	case LANG_VAL_NONE:
		return false;
	case LANG_VAL_STR:
		return c->prog->strings[v->i][0] != '\0';
	default:
		return v->i != 0;
	}
}

static bool
const_binary(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	struct lang_value a, b;
	enum lang_binop op = e->u.binary.op;
	const char *err = NULL;
	bool ordered;
	int cmp;

	if (!const_eval(c, e->u.binary.lhs, &a) || !const_eval(c, e->u.binary.rhs, &b))
		return false;
	if (op >= LANG_BIN_EQ) {
		cmp = compare_values(c, &a, &b, &ordered);
		if (!ordered && op != LANG_BIN_EQ && op != LANG_BIN_NE) {
			error_at(c, e->loc, "TypeError: '%s' cannot compare these values",
			    lang_binop_symbol(op));
			return false;
		}
		out->kind = LANG_VAL_BOOL;
		switch (op) {
		case LANG_BIN_EQ: out->i = cmp == 0; break;
		case LANG_BIN_NE: out->i = cmp != 0; break;
		case LANG_BIN_LT: out->i = cmp < 0; break;
		case LANG_BIN_LE: out->i = cmp <= 0; break;
		case LANG_BIN_GT: out->i = cmp > 0; break;
		default: out->i = cmp >= 0; break;
		}
		return true;
	}
	if (op == LANG_BIN_ADD && a.kind == LANG_VAL_STR && b.kind == LANG_VAL_STR) {
		const char *x = c->prog->strings[a.i], *y = c->prog->strings[b.i];
		size_t lx = strlen(x), ly = strlen(y);
		char *joined;

		if (lx + ly > LANG_MAX_STRING_BYTES) {
			error_at(c, e->loc, "string is longer than %d bytes",
			    LANG_MAX_STRING_BYTES);
			return false;
		}
		joined = xasprintf("%s%s", x, y);
		out->kind = LANG_VAL_STR;
		out->i = intern_string(c, joined, lx + ly);
		free(joined);
		return true;
	}
	if ((a.kind != LANG_VAL_INT && a.kind != LANG_VAL_BOOL) ||
	    (b.kind != LANG_VAL_INT && b.kind != LANG_VAL_BOOL)) {
		error_at(c, e->loc, "TypeError: unsupported operand types for '%s'",
		    lang_binop_symbol(op));
		return false;
	}
	out->kind = LANG_VAL_INT;
	if (!checked_arith(op, a.i, b.i, &out->i, &err)) {
		error_at(c, e->loc, "%s", err);
		return false;
	}
	return true;
}

static bool
const_eval(struct compiler *c, const struct ast_expr *e, struct lang_value *out)
{
	int s;

	switch (e->kind) {
	case AST_INT:
		out->kind = LANG_VAL_INT;
		out->i = e->u.ival;
		return true;
	case AST_BOOL:
		out->kind = LANG_VAL_BOOL;
		out->i = e->u.ival;
		return true;
	case AST_NONE:
		out->kind = LANG_VAL_NONE;
		out->i = 0;
		return true;
	case AST_STR:
		out->kind = LANG_VAL_STR;
		out->i = intern_string(c, e->u.str.s, e->u.str.len);
		return true;
	case AST_NAME:
		if (c->comp_var != NULL && strcmp(e->u.name, c->comp_var) == 0) {
			out->kind = LANG_VAL_INT;
			out->i = c->comp_value;
			return true;
		}
		s = find_shared(c, e->u.name);
		if (s >= 0 && c->prog->shared[s].kind == LANG_SHARED_SCALAR) {
			*out = c->prog->shared[s].init[0];
			return true;
		}
		if (s >= 0)
			error_at(c, e->loc, "'%s' is %s; a value is needed here", e->u.name,
			    shared_kind_name(&c->prog->shared[s]));
		else
			unknown_name(c, e->u.name, e->loc);
		return false;
	case AST_UNARY: {
		struct lang_value v;

		if (!const_eval(c, e->u.unary.operand, &v))
			return false;
		if (e->u.unary.op == LANG_UN_NOT) {
			out->kind = LANG_VAL_BOOL;
			out->i = !truthy(c, &v);
			return true;
		}
		if (v.kind != LANG_VAL_INT && v.kind != LANG_VAL_BOOL) {
			error_at(c, e->loc, "TypeError: bad operand type for unary '-'");
			return false;
		}
		if (v.i == INT64_MIN) {
			error_at(c, e->loc, "OverflowError: the result does not fit in 64 bits");
			return false;
		}
		out->kind = LANG_VAL_INT;
		out->i = -v.i;
		return true;
	}
	case AST_BINARY:
		return const_binary(c, e, out);
	case AST_AND:
	case AST_OR: {
		struct lang_value a;

		if (!const_eval(c, e->u.logic.lhs, &a))
			return false;
		if (truthy(c, &a) == (e->kind == AST_OR)) {
			*out = a;
			return true;
		}
		return const_eval(c, e->u.logic.rhs, out);
	}
	case AST_INDEX: {
		int64_t i;

		if (e->u.index.base->kind == AST_NAME &&
		    (s = find_shared(c, e->u.index.base->u.name)) >= 0 &&
		    c->prog->shared[s].kind == LANG_SHARED_ARRAY) {
			if (!const_int(c, e->u.index.index, &i, "an index"))
				return false;
			if (i < 0 || i >= c->prog->shared[s].length) {
				error_at(c, e->u.index.index->loc,
				    "IndexError: index %lld is out of range for '%s' (size %d)",
				    (long long)i, c->prog->shared[s].name,
				    c->prog->shared[s].length);
				return false;
			}
			*out = c->prog->shared[s].init[i];
			return true;
		}
		break;
	}
	case AST_CALL: {
		const struct ast_expr *f = e->u.call.callee;

		if (f->kind == AST_NAME && strcmp(f->u.name, "len") == 0 &&
		    e->u.call.nargs == 1 && e->u.call.args->keyword == NULL &&
		    e->u.call.args->value->kind == AST_NAME &&
		    (s = find_shared(c, e->u.call.args->value->u.name)) >= 0 &&
		    (c->prog->shared[s].kind == LANG_SHARED_ARRAY ||
		    c->prog->shared[s].kind == LANG_SHARED_PRIM_ARRAY)) {
			out->kind = LANG_VAL_INT;
			out->i = c->prog->shared[s].length;
			return true;
		}
		break;
	}
	default:
		break;
	}
	error_at(c, e->loc, "this must be a constant here: a number, a string, "
	    "True/False/None or an earlier shared name");
	return false;
}

/* ---- pass 1: declarations ---- */

static bool
is_prim_constructor(const struct ast_expr *e, int *type)
{
	const struct ast_expr *f;

	if (e->kind != AST_CALL)
		return false;
	f = e->u.call.callee;
	if (f->kind != AST_NAME)
		return false;
	*type = lang_prim_by_name(f->u.name, (unsigned)strlen(f->u.name));
	return *type >= 0;
}

static const char *
constructor_keyword(enum lang_prim_type t)
{
	switch (t) {
	case LANG_PRIM_SEMAPHORE:
	case LANG_PRIM_BSEMAPHORE:
		return "value";
	case LANG_PRIM_CONDITION:
		return "lock";
	case LANG_PRIM_BARRIER:
		return "parties";
	case LANG_PRIM_QUEUE:
		return "maxsize";
	default:
		return NULL;
	}
}

/* The lock given to Condition(...): a shared Lock/RLock or an element of an
 * array of them. */
static bool
condition_lock(struct compiler *c, const struct ast_expr *e, struct lang_prim_init *pi)
{
	const struct ast_expr *base = e->kind == AST_INDEX ? e->u.index.base : e;
	const struct lang_shared *s;
	int i;
	int64_t elem = 0;

	if (base->kind != AST_NAME || (i = find_shared(c, base->u.name)) < 0) {
		error_at(c, e->loc, "Condition(lock) needs a Lock or RLock declared above");
		return false;
	}
	s = &c->prog->shared[i];
	if ((s->kind != LANG_SHARED_PRIM && s->kind != LANG_SHARED_PRIM_ARRAY) ||
	    (s->prim != LANG_PRIM_LOCK && s->prim != LANG_PRIM_RLOCK)) {
		error_at(c, e->loc, "Condition(lock) needs a Lock or RLock; '%s' is %s",
		    s->name, shared_kind_name(s));
		return false;
	}
	if ((s->kind == LANG_SHARED_PRIM_ARRAY) != (e->kind == AST_INDEX)) {
		error_at(c, e->loc, s->kind == LANG_SHARED_PRIM_ARRAY ?
		    "'%s' is an array of locks; give an element: %s[0]" :
		    "'%s' is not an array", s->name, s->name);
		return false;
	}
	if (e->kind == AST_INDEX) {
		if (!const_int(c, e->u.index.index, &elem, "the lock's index"))
			return false;
		if (elem < 0 || elem >= s->length) {
			error_at(c, e->u.index.index->loc,
			    "IndexError: index %lld is out of range for '%s' (size %d)",
			    (long long)elem, s->name, s->length);
			return false;
		}
	}
	pi->lock_shared = i;
	pi->lock_elem = (int)elem;
	return true;
}

static bool
construct_prim(struct compiler *c, const struct ast_expr *call, enum lang_prim_type t,
    struct lang_prim_init *pi)
{
	const struct lang_prim_info *info = lang_prim_info(t);
	const char *kw = constructor_keyword(t);
	const struct ast_arg *arg = call->u.call.args;
	int64_t v;

	pi->lock_shared = -1;
	pi->lock_elem = 0;
	pi->value = t == LANG_PRIM_SEMAPHORE || t == LANG_PRIM_BSEMAPHORE ? 1 : 0;
	if (call->u.call.nargs < info->min_args || call->u.call.nargs > info->max_args) {
		if (info->max_args == 0)
			error_at(c, call->loc, "%s() takes no arguments", info->name);
		else if (info->min_args == info->max_args)
			error_at(c, call->loc, "%s() takes exactly %d argument (%s), %d given",
			    info->name, info->min_args, kw, call->u.call.nargs);
		else
			error_at(c, call->loc, "%s() takes at most %d argument (%s), %d given",
			    info->name, info->max_args, kw, call->u.call.nargs);
		return false;
	}
	if (arg == NULL)
		return true;
	if (arg->keyword != NULL && strcmp(arg->keyword, kw) != 0) {
		error_at(c, arg->keyword_loc, "%s() has no parameter '%s' (it has '%s')",
		    info->name, arg->keyword, kw);
		return false;
	}
	if (t == LANG_PRIM_CONDITION)
		return condition_lock(c, arg->value, pi);
	if (!const_int(c, arg->value, &v, "the argument"))
		return false;
	if (t == LANG_PRIM_BARRIER && v < 1) {
		error_at(c, arg->value->loc, "ValueError: a Barrier needs at least 1 party");
		return false;
	}
	if (v < 0) {
		error_at(c, arg->value->loc, "ValueError: the %s of %s %s must not be "
		    "negative", kw, article(info->name), info->name);
		return false;
	}
	if (v > INT32_MAX) {
		error_at(c, arg->value->loc, "%s is too large (the limit is %d)", kw, INT32_MAX);
		return false;
	}
	pi->value = v;
	return true;
}

static bool
range_args(struct compiler *c, const struct ast_expr *range, int64_t *from,
    int64_t *to, int64_t *step)
{
	const struct ast_arg *a = range->u.call.args;
	int n = range->u.call.nargs;

	*from = 0;
	*step = 1;
	if (n < 1 || n > 3) {
		error_at(c, range->loc, "range() takes 1 to 3 arguments, %d given", n);
		return false;
	}
	if (n == 1)
		return const_int(c, a->value, to, "range()'s argument");
	if (!const_int(c, a->value, from, "range()'s argument") ||
	    !const_int(c, a->next->value, to, "range()'s argument"))
		return false;
	if (n == 3 && !const_int(c, a->next->next->value, step, "range()'s step"))
		return false;
	if (*step == 0) {
		error_at(c, a->next->next->value->loc, "ValueError: range() step must not be zero");
		return false;
	}
	return true;
}

static bool
is_range_call(const struct ast_expr *e)
{
	return e != NULL && e->kind == AST_CALL && e->u.call.callee->kind == AST_NAME &&
	    strcmp(e->u.call.callee->u.name, "range") == 0;
}

static int64_t
range_length(int64_t from, int64_t to, int64_t step)
{
	if (step > 0)
		return from >= to ? 0 : (int64_t)(((uint64_t)to - (uint64_t)from - 1) /
		    (uint64_t)step + 1);
	return from <= to ? 0 : (int64_t)(((uint64_t)from - (uint64_t)to - 1) /
	    (uint64_t)(-(step + 1) + 1) + 1);
}

static bool
check_array_length(struct compiler *c, struct lang_loc loc, int64_t n)
{
	if (n < 1) {
		error_at(c, loc, "an array needs at least one element");
		return false;
	}
	if (n > LANG_MAX_ARRAY_LEN) {
		error_at(c, loc, "array of %lld elements; the limit is %d", (long long)n,
		    LANG_MAX_ARRAY_LEN);
		return false;
	}
	return true;
}

/* [x for i in range(...)]: values or primitives. */
static bool
declare_comprehension(struct compiler *c, struct lang_shared *s, const struct ast_expr *e)
{
	int64_t from, to, step, n, k;
	int type;

	if (!is_range_call(e->u.comp.range)) {
		error_at(c, e->u.comp.range->loc, "a list comprehension runs over range(...)");
		return false;
	}
	if (!range_args(c, e->u.comp.range, &from, &to, &step))
		return false;
	n = range_length(from, to, step);
	if (!check_array_length(c, e->loc, n))
		return false;
	s->length = (int)n;
	c->comp_var = e->u.comp.var;
	if (is_prim_constructor(e->u.comp.elem, &type)) {
		s->kind = LANG_SHARED_PRIM_ARRAY;
		s->prim = (enum lang_prim_type)type;
		s->prim_init = xcalloc((size_t)n, sizeof(*s->prim_init));
		for (k = 0; k < n; k++) {
			c->comp_value = from + k * step;
			if (!construct_prim(c, e->u.comp.elem, s->prim, &s->prim_init[k]))
				break;
		}
	} else {
		s->kind = LANG_SHARED_ARRAY;
		s->init = xcalloc((size_t)n, sizeof(*s->init));
		for (k = 0; k < n; k++) {
			c->comp_value = from + k * step;
			if (!const_eval(c, e->u.comp.elem, &s->init[k]))
				break;
		}
	}
	c->comp_var = NULL;
	return k == n;
}

/* [a, b, c], possibly repeated: [0] * 4. */
static bool
declare_list(struct compiler *c, struct lang_shared *s, const struct ast_expr *list,
    int64_t times, struct lang_loc loc)
{
	int n = list->u.list.n, i, type;
	int64_t total, k;

	if (__builtin_mul_overflow((int64_t)n, times, &total))
		total = INT64_MAX;
	if (!check_array_length(c, loc, total))
		return false;
	s->length = (int)total;
	if (n > 0 && is_prim_constructor(list->u.list.items[0], &type)) {
		if (times > 1) {
			error_at(c, loc, "[%s()] * %lld would make %lld names for ONE %s; "
			    "write [%s() for i in range(%lld)]", lang_prim_info(type)->name,
			    (long long)times, (long long)times, lang_prim_info(type)->name,
			    lang_prim_info(type)->name, (long long)total);
			return false;
		}
		s->kind = LANG_SHARED_PRIM_ARRAY;
		s->prim = (enum lang_prim_type)type;
		s->prim_init = xcalloc((size_t)n, sizeof(*s->prim_init));
		for (i = 0; i < n; i++) {
			int t2;

			if (!is_prim_constructor(list->u.list.items[i], &t2) || t2 != type) {
				error_at(c, list->u.list.items[i]->loc,
				    "every element of an array of primitives must be a %s()",
				    lang_prim_info(type)->name);
				return false;
			}
			if (!construct_prim(c, list->u.list.items[i], s->prim, &s->prim_init[i]))
				return false;
		}
		return true;
	}
	s->kind = LANG_SHARED_ARRAY;
	s->init = xcalloc((size_t)total, sizeof(*s->init));
	for (i = 0; i < n; i++) {
		int t2;

		if (is_prim_constructor(list->u.list.items[i], &t2)) {
			error_at(c, list->u.list.items[i]->loc,
			    "an array holds either values or primitives, not both");
			return false;
		}
		if (!const_eval(c, list->u.list.items[i], &s->init[i]))
			return false;
	}
	for (k = n; k < total; k++)
		s->init[k] = s->init[k % n];
	return true;
}

static bool
declare_value(struct compiler *c, struct lang_shared *s, const struct ast_expr *e)
{
	int type;

	if (is_prim_constructor(e, &type)) {
		s->kind = LANG_SHARED_PRIM;
		s->prim = (enum lang_prim_type)type;
		s->length = 1;
		s->prim_init = xcalloc(1, sizeof(*s->prim_init));
		return construct_prim(c, e, s->prim, s->prim_init);
	}
	if (e->kind == AST_LIST)
		return declare_list(c, s, e, 1, e->loc);
	if (e->kind == AST_LISTCOMP)
		return declare_comprehension(c, s, e);
	if (e->kind == AST_BINARY && e->u.binary.op == LANG_BIN_MUL &&
	    (e->u.binary.lhs->kind == AST_LIST || e->u.binary.rhs->kind == AST_LIST)) {
		const struct ast_expr *list = e->u.binary.lhs->kind == AST_LIST ?
		    e->u.binary.lhs : e->u.binary.rhs;
		const struct ast_expr *count = list == e->u.binary.lhs ?
		    e->u.binary.rhs : e->u.binary.lhs;
		int64_t times;

		if (!const_int(c, count, &times, "the repeat count"))
			return false;
		return declare_list(c, s, list, times, e->loc);
	}
	s->kind = LANG_SHARED_SCALAR;
	s->length = 1;
	s->init = xcalloc(1, sizeof(*s->init));
	return const_eval(c, e, s->init);
}

static bool
reserved_name(struct compiler *c, const char *name, struct lang_loc loc)
{
	if (strcmp(name, "tid") == 0 || is_builtin_function(name) ||
	    lang_prim_by_name(name, (unsigned)strlen(name)) >= 0) {
		error_at(c, loc, "'%s' is a built-in name; choose another", name);
		return true;
	}
	return false;
}

static bool
name_taken(struct compiler *c, const char *name, struct lang_loc loc)
{
	int s = find_shared(c, name), g = find_group(c, name);

	if (reserved_name(c, name, loc))
		return true;
	if (s < 0 && g < 0)
		return false;
	error_at(c, loc, "'%s' is already declared", name);
	note_at(c, s >= 0 ? c->prog->shared[s].loc : c->prog->groups[g].loc,
	    "'%s' was declared here", name);
	return true;
}

static void
declare_shared(struct compiler *c, const struct ast_top *top)
{
	struct lang_program *prog = c->prog;
	struct lang_shared *s;

	if (name_taken(c, top->name, top->name_loc))
		return;
	if (prog->nshared == LANG_MAX_SHARED) {
		if (!c->too_many_shared)
			error_at(c, top->name_loc, "more than %d shared names",
			    LANG_MAX_SHARED);
		c->too_many_shared = true;
		mark_broken(c, top->name);
		return;
	}
	prog->shared = xrealloc(prog->shared, (prog->nshared + 1) * sizeof(*prog->shared));
	s = &prog->shared[prog->nshared];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(top->name);
	s->loc = top->name_loc;
	s->length = 1;
	if (declare_value(c, s, top->value)) {
		prog->nshared++;
		return;
	}
	mark_broken(c, top->name);
	free(s->name);
	free(s->init);
	free(s->prim_init);
}

static void
declare_group(struct compiler *c, const struct ast_top *top, int *total_threads)
{
	struct lang_program *prog = c->prog;
	struct lang_group *g;
	int64_t count = 1;

	if (top->kind == AST_MAIN) {
		if (prog->main_group >= 0) {
			error_at(c, top->loc, "a second 'main:' block");
			note_at(c, prog->groups[prog->main_group].loc,
			    "the first 'main:' is here");
			return;
		}
	} else if (name_taken(c, top->name, top->name_loc)) {
		return;
	}
	if (top->count != NULL) {
		if (!const_int(c, top->count, &count, "the number of threads")) {
			mark_broken(c, top->name);
			return;
		}
		if (count < 1 || count > LANG_MAX_THREADS) {
			error_at(c, top->count->loc,
			    "a thread group has 1 to %d threads, not %lld",
			    LANG_MAX_THREADS, (long long)count);
			mark_broken(c, top->name);
			return;
		}
	}
	if (*total_threads + count > LANG_MAX_THREADS) {
		/* Once: every thread after the limit would repeat it. */
		if (*total_threads <= LANG_MAX_THREADS)
			error_at(c, top->name_loc, "more than %d threads in all "
			    "(this makes %lld)", LANG_MAX_THREADS,
			    (long long)(*total_threads + count));
		*total_threads = LANG_MAX_THREADS + 1;
		mark_broken(c, top->name);
		return;
	}
	prog->groups = xrealloc(prog->groups, (prog->ngroups + 1) * sizeof(*prog->groups));
	c->group_tops = xrealloc(c->group_tops, (prog->ngroups + 1) * sizeof(*c->group_tops));
	g = &prog->groups[prog->ngroups];
	memset(g, 0, sizeof(*g));
	g->name = xstrdup(top->name);
	g->count = (int)count;
	g->first_thread = *total_threads;
	g->daemon = top->daemon;
	g->is_main = top->kind == AST_MAIN;
	g->is_array = top->count != NULL;
	g->loc = top->name_loc;
	g->first_line = top->first_line;
	g->last_line = top->last_line;
	if (g->is_main)
		prog->main_group = (int)prog->ngroups;
	c->group_tops[prog->ngroups] = top;
	prog->ngroups++;
	*total_threads += (int)count;
}

static void
expand_threads(struct compiler *c)
{
	struct lang_program *prog = c->prog;
	size_t g;
	int k, n = 0;

	for (g = 0; g < prog->ngroups; g++)
		n += prog->groups[g].count;
	prog->threads = xcalloc((size_t)n, sizeof(*prog->threads));
	prog->nthreads = (size_t)n;
	/* main first: it is the thread that runs first */
	n = 0;
	for (g = 0; g < prog->ngroups; g++) {
		struct lang_group *grp = &prog->groups[g];

		for (k = 0; k < grp->count; k++) {
			struct lang_thread *t = &prog->threads[grp->first_thread + k];

			t->name = grp->is_array ? xasprintf("%s[%d]", grp->name, k) :
			    xstrdup(grp->name);
			t->group = (int)g;
			t->tid = k;
			t->starts_at_once = prog->main_group < 0 || grp->is_main;
		}
	}
}

/* ---- pass 2: locals ---- */

static void collect_locals(struct compiler *c, const struct ast_stmt *s);

static void
add_local_name(struct compiler *c, const char *name, struct lang_loc loc)
{
	if (find_shared(c, name) >= 0 || find_group(c, name) >= 0 ||
	    strcmp(name, "tid") == 0 || find_local(c, name) >= 0 || is_broken(c, name))
		return;
	if (c->nlocals == LANG_MAX_LOCALS) {
		if (!c->too_many_locals)
			error_at(c, loc, "more than %d local names in one thread",
			    LANG_MAX_LOCALS);
		c->too_many_locals = true;
		return;
	}
	c->locals = xrealloc(c->locals, ((size_t)c->nlocals + 1) * sizeof(*c->locals));
	c->locals[c->nlocals].name = name;
	c->locals[c->nlocals].first_assignment = loc;
	c->locals[c->nlocals].hidden = false;
	c->nlocals++;
}

/* An else block that is one if statement: what elif parses to. */
static bool
is_elif(const struct ast_stmt *otherwise)
{
	return otherwise != NULL && otherwise->kind == AST_IF && otherwise->next == NULL;
}

static void
collect_locals(struct compiler *c, const struct ast_stmt *s)
{
	for (; s != NULL; s = s->next) {
		switch (s->kind) {
		case AST_ASSIGN:
			/* x += 1 reads x: it does not make x a name */
			if (s->u.assign.target->kind == AST_NAME && !s->u.assign.augmented)
				add_local_name(c, s->u.assign.target->u.name,
				    s->u.assign.target->loc);
			break;
		case AST_IF: {
			const struct ast_stmt *arm = s;

			/* walk an elif chain instead of recursing into it */
			for (; is_elif(arm->u.if_.otherwise); arm = arm->u.if_.otherwise)
				collect_locals(c, arm->u.if_.then);
			collect_locals(c, arm->u.if_.then);
			collect_locals(c, arm->u.if_.otherwise);
			break;
		}
		case AST_WHILE:
			collect_locals(c, s->u.while_.body);
			break;
		case AST_FOR:
			if (s->u.for_.var != NULL)
				add_local_name(c, s->u.for_.var, s->u.for_.var_loc);
			collect_locals(c, s->u.for_.body);
			break;
		case AST_ATOMIC:
			collect_locals(c, s->u.body);
			break;
		case AST_WITH:
			collect_locals(c, s->u.with.body);
			break;
		default:
			break;
		}
	}
}

static int
new_hidden_local(struct compiler *c, struct lang_loc loc)
{
	if (c->nlocals == LANG_MAX_LOCALS) {
		if (!c->too_many_locals)
			error_at(c, loc, "more than %d local names in one thread",
			    LANG_MAX_LOCALS);
		c->too_many_locals = true;
		return 0;
	}
	c->locals = xrealloc(c->locals, ((size_t)c->nlocals + 1) * sizeof(*c->locals));
	c->locals[c->nlocals].name = NULL;
	c->locals[c->nlocals].hidden = true;
	c->locals[c->nlocals].first_assignment = loc;
	return c->nlocals++;
}

/* ---- pass 3: code ---- */

static size_t
emit(struct compiler *c, enum lang_opcode op, int32_t a, int32_t b, unsigned flags,
    struct lang_loc loc)
{
	struct lang_code *code = c->code;
	struct lang_insn *in;

	if (code->count == LANG_MAX_INSNS) {
		if (!c->too_many_insns)
			error_at(c, loc, "this thread compiles to more than %d instructions",
			    LANG_MAX_INSNS);
		c->too_many_insns = true;
		return code->count - 1;
	}
	code->insns = xgrow(code->insns, &c->code_cap, code->count + 1, sizeof(*in));
	in = &code->insns[code->count];
	memset(in, 0, sizeof(*in));
	in->op = (uint8_t)op;
	in->flags = (uint8_t)flags;
	in->a = a;
	in->b = b;
	in->loc = loc;
	return code->count++;
}

static void
emit_int(struct compiler *c, int64_t v, struct lang_loc loc)
{
	emit(c, LANG_OP_PUSH_INT, (int32_t)(uint32_t)((uint64_t)v & 0xffffffffu),
	    (int32_t)(uint32_t)((uint64_t)v >> 32), 0, loc);
}

static void
patch_here(struct compiler *c, size_t at)
{
	if (at < c->code->count)
		c->code->insns[at].a = (int32_t)c->code->count;
}

static void
patches_add(struct patches *p, size_t at)
{
	p->at = xgrow(p->at, &p->cap, p->count + 1, sizeof(*p->at));
	p->at[p->count++] = at;
}

static void
patches_resolve(struct compiler *c, struct patches *p, size_t target)
{
	size_t i;

	for (i = 0; i < p->count; i++)
		if (p->at[i] < c->code->count)
			c->code->insns[p->at[i]].a = (int32_t)target;
	free(p->at);
	memset(p, 0, sizeof(*p));
}

static void compile_expr(struct compiler *c, const struct ast_expr *e);
static void compile_block(struct compiler *c, const struct ast_stmt *s);

static void
record_expect_name(struct compiler *c, int shared)
{
	struct lang_expect *x = c->expect;
	size_t i;

	for (i = 0; i < x->nnames; i++)
		if (x->names[i] == shared)
			return;
	x->names = xrealloc(x->names, (x->nnames + 1) * sizeof(int));
	x->names[x->nnames++] = shared;
}

static void
compile_name(struct compiler *c, const struct ast_expr *e)
{
	const char *name = e->u.name;
	int s = find_shared(c, name), l, g;

	if (strcmp(name, "tid") == 0) {
		if (c->ctx == CTX_EXPECT)
			error_at(c, e->loc, "'tid' has no value in an expect; "
			    "expect sees only shared variables");
		emit(c, LANG_OP_PUSH_TID, 0, 0, 0, e->loc);
		return;
	}
	if (s >= 0) {
		const struct lang_shared *sh = &c->prog->shared[s];

		if (sh->kind == LANG_SHARED_SCALAR) {
			if (c->ctx == CTX_EXPECT)
				record_expect_name(c, s);
			emit(c, LANG_OP_LOAD, s, 0, 0, e->loc);
		} else if (sh->kind == LANG_SHARED_ARRAY) {
			error_at(c, e->loc, "'%s' is an array; read one element: %s[i]",
			    name, name);
		} else {
			error_at(c, e->loc, "'%s' is %s %s; use one of its methods",
			    name, article(shared_kind_name(sh)), shared_kind_name(sh));
		}
		return;
	}
	if (c->ctx == CTX_THREAD && (l = find_local(c, name)) >= 0) {
		if (!da_has(&c->da, l)) {
			struct lang_loc first = c->locals[l].first_assignment;

			/* `x += 1` as the only assignment: most likely a typo */
			if (first.line == e->loc.line && first.col == e->loc.col) {
				unknown_name(c, name, e->loc);
			} else {
				error_at(c, e->loc, "'%s' is read before it is assigned "
				    "(a thread-local name starts with no value)", name);
				note_at(c, first, "'%s' is assigned here", name);
			}
			da_add(&c->da, l);	/* report once */
		}
		emit(c, LANG_OP_LOAD_LOCAL, l, 0, 0, e->loc);
		return;
	}
	if ((g = find_group(c, name)) >= 0) {
		error_at(c, e->loc, "'%s' is a thread; use %s.start() or %s.join()",
		    name, name, name);
		return;
	}
	if (is_builtin_function(name) || lang_prim_by_name(name, (unsigned)strlen(name)) >= 0) {
		error_at(c, e->loc, "'%s' is a function; call it", name);
		return;
	}
	if (c->ctx == CTX_EXPECT && (g = group_with_local(c, name)) >= 0) {
		error_at(c, e->loc, "expect can only name shared variables; "
		    "'%s' is a local of thread %s", name, c->prog->groups[g].name);
		return;
	}
	unknown_name(c, name, e->loc);
}

/* Resolve NAME or NAME[i] naming a primitive; errors if it is not one. */
static bool
resolve_prim(struct compiler *c, const struct ast_expr *e, struct prim_ref *ref)
{
	const struct ast_expr *base = e->kind == AST_INDEX ? e->u.index.base : e;
	const struct lang_shared *sh;

	memset(ref, 0, sizeof(*ref));
	if (base->kind != AST_NAME) {
		error_at(c, e->loc, "expected a primitive (a Lock, Queue, ...) here");
		return false;
	}
	ref->shared = find_shared(c, base->u.name);
	if (ref->shared < 0) {
		if (find_local(c, base->u.name) >= 0 || find_group(c, base->u.name) >= 0)
			error_at(c, base->loc, "'%s' is not a primitive", base->u.name);
		else
			unknown_name(c, base->u.name, base->loc);
		return false;
	}
	sh = &c->prog->shared[ref->shared];
	if (sh->kind != LANG_SHARED_PRIM && sh->kind != LANG_SHARED_PRIM_ARRAY) {
		error_at(c, base->loc, "'%s' is %s, not a primitive", sh->name,
		    shared_kind_name(sh));
		note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return false;
	}
	if (sh->kind == LANG_SHARED_PRIM_ARRAY && e->kind != AST_INDEX) {
		error_at(c, e->loc, "'%s' is an array of %ss; pick one: %s[i]",
		    sh->name, lang_prim_info(sh->prim)->name, sh->name);
		return false;
	}
	if (sh->kind == LANG_SHARED_PRIM && e->kind == AST_INDEX) {
		error_at(c, e->loc, "'%s' is one %s, not an array", sh->name,
		    lang_prim_info(sh->prim)->name);
		return false;
	}
	if (e->kind == AST_INDEX) {
		ref->indexed = true;
		ref->index_expr = e->u.index.index;
		if (e->u.index.index->kind == AST_INT) {
			ref->const_index = true;
			ref->index = e->u.index.index->u.ival;
			if (ref->index >= sh->length) {
				error_at(c, e->u.index.index->loc,
				    "IndexError: index %lld is out of range for '%s' (size %d)",
				    (long long)ref->index, sh->name, sh->length);
				return false;
			}
		}
	}
	return true;
}

/* Push a primitive's element index (no-op for a plain primitive). */
static void
push_prim_index(struct compiler *c, const struct prim_ref *ref, int slot,
    struct lang_loc loc)
{
	if (!ref->indexed)
		return;
	if (slot >= 0)
		emit(c, LANG_OP_LOAD_LOCAL, slot, 0, 0, loc);
	else if (ref->const_index)
		emit_int(c, ref->index, loc);
	else
		compile_expr(c, ref->index_expr);
}

/* For a primitive used more than once (with, two-step methods): the local
 * slot that holds its evaluated index, or -1 if the index is constant. */
static int
hold_prim_index(struct compiler *c, const struct prim_ref *ref, struct lang_loc loc)
{
	int slot;

	if (!ref->indexed || ref->const_index)
		return -1;
	compile_expr(c, ref->index_expr);
	slot = new_hidden_local(c, loc);
	emit(c, LANG_OP_STORE_LOCAL, slot, 0, 0, loc);
	return slot;
}

static void
emit_call(struct compiler *c, const struct prim_ref *ref, int slot,
    enum lang_method m, int argc, bool want_result, struct lang_loc loc)
{
	size_t at;

	push_prim_index(c, ref, slot, loc);
	at = emit(c, LANG_OP_CALL, ref->shared, (int32_t)m,
	    (ref->indexed ? LANG_IF_INDEXED : 0) | (want_result ? LANG_IF_RESULT : 0), loc);
	c->code->insns[at].argc = (uint16_t)argc;
}

static bool
check_blocking_allowed(struct compiler *c, const char *what, struct lang_loc loc)
{
	if (c->atomic_depth == 0)
		return true;
	error_at(c, loc, "%s%s can block; blocking operations are not allowed inside "
	    "'atomic:'", what, strchr(what, '(') != NULL || strchr(what, '\'') != NULL ? "" : "()");
	return false;
}

/* acquire(blocking=False) or acquire(False): the try variant. */
static bool
acquire_variant(struct compiler *c, const struct ast_expr *call, enum lang_method *m)
{
	const struct ast_arg *a = call->u.call.args;

	if (a == NULL)
		return true;
	if (call->u.call.nargs > 1 || (a->keyword != NULL && strcmp(a->keyword, "blocking") != 0)) {
		error_at(c, a->keyword ? a->keyword_loc : a->value->loc,
		    "acquire() takes only blocking=True or blocking=False%s",
		    a->keyword && strcmp(a->keyword, "timeout") == 0 ?
		    " (timeouts are not supported)" : "");
		return false;
	}
	if (a->value->kind != AST_BOOL) {
		error_at(c, a->value->loc, "blocking= must be True or False");
		return false;
	}
	if (!a->value->u.ival)
		*m = LANG_M_TRY_ACQUIRE;
	return true;
}

static void
compile_thread_call(struct compiler *c, const struct ast_expr *call, bool want_result)
{
	const struct ast_expr *attr = call->u.call.callee;
	const struct ast_expr *target = attr->u.attr.base;
	const struct ast_expr *base = target->kind == AST_INDEX ? target->u.index.base : target;
	int g = find_group(c, base->u.name);
	const struct lang_group *grp = &c->prog->groups[g];
	const char *method = attr->u.attr.name;
	bool start = strcmp(method, "start") == 0;

	if (!start && strcmp(method, "join") != 0) {
		error_at(c, attr->loc, "a thread has start() and join(), not %s()", method);
		return;
	}
	if (want_result) {
		error_at(c, attr->loc, "%s() returns no value", method);
		return;
	}
	if (call->u.call.nargs != 0) {
		error_at(c, call->u.call.args->value->loc, "%s() takes no arguments", method);
		return;
	}
	if (grp->is_main) {
		error_at(c, base->loc, "main cannot be started or joined");
		return;
	}
	if (start && c->prog->main_group < 0) {
		error_at(c, attr->loc, "start() needs a 'main:' block; without one every "
		    "thread starts at once");
		return;
	}
	if (grp->is_array != (target->kind == AST_INDEX)) {
		if (grp->is_array)
			error_at(c, target->loc, "'%s' is a group of %d threads; %s one of "
			    "them: %s[i].%s()", grp->name, grp->count, method, grp->name, method);
		else
			error_at(c, target->loc, "'%s' is one thread, not a group", grp->name);
		return;
	}
	if (c->atomic_depth > 0) {
		error_at(c, attr->loc, "%s() is not allowed inside 'atomic:'", method);
		return;
	}
	if (target->kind == AST_INDEX) {
		struct lang_value v;

		if (target->u.index.index->kind == AST_INT && const_eval(c, target->u.index.index, &v) &&
		    (v.i < 0 || v.i >= grp->count)) {
			error_at(c, target->u.index.index->loc,
			    "IndexError: thread group '%s' has threads 0 to %d", grp->name,
			    grp->count - 1);
			return;
		}
		compile_expr(c, target->u.index.index);
	}
	emit(c, start ? LANG_OP_START : LANG_OP_JOIN, g, 0,
	    target->kind == AST_INDEX ? LANG_IF_INDEXED : 0, attr->loc);
}

static void
compile_wait_for(struct compiler *c, const struct prim_ref *ref, const struct ast_expr *pred,
    struct lang_loc loc)
{
	int slot = hold_prim_index(c, ref, loc);
	size_t top = c->code->count, exit_jump;

	compile_expr(c, pred);
	exit_jump = emit(c, LANG_OP_JUMP_IF_TRUE, 0, 0, 0, loc);
	emit_call(c, ref, slot, LANG_M_WAIT, 0, false, loc);
	emit_call(c, ref, slot, LANG_M_WAIT_REACQUIRE, 0, false, loc);
	emit(c, LANG_OP_JUMP, (int32_t)top, 0, 0, loc);
	patch_here(c, exit_jump);
}

static void
compile_method_call(struct compiler *c, const struct ast_expr *call, bool want_result)
{
	const struct ast_expr *attr = call->u.call.callee;
	const struct ast_expr *target = attr->u.attr.base;
	const struct ast_expr *base = target->kind == AST_INDEX ? target->u.index.base : target;
	const struct lang_method_info *info;
	const struct lang_shared *sh;
	const char *name = attr->u.attr.name;
	struct prim_ref ref;
	const struct ast_arg *a;
	enum lang_method m;
	int mi, argc = call->u.call.nargs, slot;

	if (c->ctx == CTX_EXPECT) {
		error_at(c, attr->loc, "expect can only read shared variables, not call "
		    "methods");
		return;
	}
	if (base->kind == AST_NAME && find_group(c, base->u.name) >= 0) {
		compile_thread_call(c, call, want_result);
		return;
	}
	if (!resolve_prim(c, target, &ref))
		return;
	sh = &c->prog->shared[ref.shared];
	mi = lang_method_lookup(sh->prim, name, (unsigned)strlen(name));
	if (mi < 0) {
		char list[160];

		lang_prim_method_list(sh->prim, list, sizeof(list));
		error_at(c, attr->loc, "%s has no method '%s'; it has %s",
		    lang_prim_info(sh->prim)->name, name, list);
		note_at(c, sh->loc, "'%s' is declared here as %s %s", sh->name,
		    article(lang_prim_info(sh->prim)->name), lang_prim_info(sh->prim)->name);
		return;
	}
	m = (enum lang_method)mi;
	info = lang_method_info(m);
	if (m == LANG_M_ACQUIRE) {
		if (!acquire_variant(c, call, &m))
			return;
		argc = 0;
	} else {
		for (a = call->u.call.args; a != NULL; a = a->next)
			if (a->keyword != NULL && !(m == LANG_M_NOTIFY && strcmp(a->keyword, "n") == 0)) {
				error_at(c, a->keyword_loc, "%s() takes no keyword argument '%s'",
				    name, a->keyword);
				return;
			}
		if (argc < info->min_args || argc > info->max_args) {
			if (info->min_args == info->max_args)
				error_at(c, attr->loc, "%s() takes %d argument%s, %d given", name,
				    info->min_args, info->min_args == 1 ? "" : "s", argc);
			else if (info->min_args == 0)
				error_at(c, attr->loc, "%s() takes at most %d argument%s, %d given",
				    name, info->max_args, info->max_args == 1 ? "" : "s", argc);
			else
				error_at(c, attr->loc, "%s() takes %d to %d arguments, %d given",
				    name, info->min_args, info->max_args, argc);
			return;
		}
	}
	if (want_result && !(lang_method_info(m)->flags & LANG_MF_RESULT) &&
	    m != LANG_M_BARRIER_ARRIVE) {
		error_at(c, attr->loc, "%s() returns no value", name);
		return;
	}
	if ((lang_method_info(m)->flags & LANG_MF_BLOCKING) &&
	    !check_blocking_allowed(c, lang_method_info(m)->name, attr->loc))
		return;
	switch (m) {
	case LANG_M_WAIT:
		slot = hold_prim_index(c, &ref, attr->loc);
		emit_call(c, &ref, slot, LANG_M_WAIT, 0, false, attr->loc);
		emit_call(c, &ref, slot, LANG_M_WAIT_REACQUIRE, 0, false, attr->loc);
		if (want_result)
			emit(c, LANG_OP_PUSH_BOOL, 1, 0, 0, attr->loc);
		return;
	case LANG_M_WAIT_FOR:
		compile_wait_for(c, &ref, call->u.call.args->value, attr->loc);
		if (want_result)
			emit(c, LANG_OP_PUSH_BOOL, 1, 0, 0, attr->loc);
		return;
	case LANG_M_BARRIER_ARRIVE:
		slot = hold_prim_index(c, &ref, attr->loc);
		emit_call(c, &ref, slot, LANG_M_BARRIER_ARRIVE, 0, false, attr->loc);
		emit_call(c, &ref, slot, LANG_M_BARRIER_PASS, 0, want_result, attr->loc);
		return;
	case LANG_M_NOTIFY:
		if (argc == 0)
			emit_int(c, 1, attr->loc);
		else
			compile_expr(c, call->u.call.args->value);
		emit_call(c, &ref, -1, m, 1, want_result, attr->loc);
		return;
	default:
		for (a = call->u.call.args; a != NULL && m != LANG_M_TRY_ACQUIRE; a = a->next)
			compile_expr(c, a->value);
		emit_call(c, &ref, -1, m, argc, want_result, attr->loc);
	}
}

static void
compile_call(struct compiler *c, const struct ast_expr *e, bool want_result)
{
	const struct ast_expr *f = e->u.call.callee;
	const char *name;
	int s;

	if (f->kind == AST_ATTR) {
		compile_method_call(c, e, want_result);
		return;
	}
	if (f->kind != AST_NAME) {
		error_at(c, e->loc, "only functions and methods can be called");
		return;
	}
	name = f->u.name;
	if (strcmp(name, "len") == 0) {
		const struct ast_expr *arg = e->u.call.nargs == 1 ? e->u.call.args->value : NULL;

		if (arg == NULL || arg->kind != AST_NAME || (s = find_shared(c, arg->u.name)) < 0 ||
		    (c->prog->shared[s].kind != LANG_SHARED_ARRAY &&
		    c->prog->shared[s].kind != LANG_SHARED_PRIM_ARRAY)) {
			error_at(c, e->loc, "len() takes one shared array");
			return;
		}
		if (!want_result) {
			error_at(c, e->loc, "this expression does nothing");
			return;
		}
		emit_int(c, c->prog->shared[s].length, e->loc);
		return;
	}
	if (strcmp(name, "print") == 0 || strcmp(name, "sleep") == 0) {
		error_at(c, e->loc, "%s() is a statement of its own, not a value", name);
		return;
	}
	if (strcmp(name, "range") == 0) {
		error_at(c, e->loc, "range() is only used in 'for NAME in range(...)'");
		return;
	}
	if (lang_prim_by_name(name, (unsigned)strlen(name)) >= 0) {
		error_at(c, e->loc, "primitives are declared at the top level: "
		    "NAME = %s()", name);
		return;
	}
	if (find_shared(c, name) >= 0 || find_local(c, name) >= 0 || find_group(c, name) >= 0)
		error_at(c, f->loc, "'%s' is not a function", name);
	else
		error_at(c, f->loc, "unknown function '%s' (the functions are print(), "
		    "sleep(), len() and range())", name);
}

static bool
fits_imm(const struct ast_expr *e)
{
	return e->kind == AST_INT && e->u.ival >= INT32_MIN && e->u.ival <= INT32_MAX;
}

static void
compile_index_load(struct compiler *c, const struct ast_expr *e)
{
	const struct ast_expr *base = e->u.index.base;
	const struct lang_shared *sh;
	int s;

	if (base->kind != AST_NAME) {
		error_at(c, e->loc, "only shared arrays can be indexed");
		return;
	}
	s = find_shared(c, base->u.name);
	if (s < 0) {
		if (find_local(c, base->u.name) >= 0)
			error_at(c, base->loc, "'%s' is a local value, not an array; arrays "
			    "are declared at the top level", base->u.name);
		else if (find_group(c, base->u.name) >= 0)
			error_at(c, base->loc, "'%s' is a thread group; use %s[i].start() or "
			    "%s[i].join()", base->u.name, base->u.name, base->u.name);
		else
			unknown_name(c, base->u.name, base->loc);
		return;
	}
	sh = &c->prog->shared[s];
	if (sh->kind != LANG_SHARED_ARRAY) {
		error_at(c, e->loc, sh->kind == LANG_SHARED_PRIM_ARRAY ?
		    "'%s' is an array of primitives; call a method: %s[i].acquire()" :
		    "'%s' is not an array", sh->name, sh->name);
		return;
	}
	if (e->u.index.index->kind == AST_INT &&
	    (e->u.index.index->u.ival < 0 || e->u.index.index->u.ival >= sh->length)) {
		error_at(c, e->u.index.index->loc,
		    "IndexError: index %lld is out of range for '%s' (size %d)",
		    (long long)e->u.index.index->u.ival, sh->name, sh->length);
		return;
	}
	if (c->ctx == CTX_EXPECT)
		record_expect_name(c, s);
	compile_expr(c, e->u.index.index);
	emit(c, LANG_OP_LOAD_ELEM, s, 0, LANG_IF_INDEXED, e->loc);
}

static void
compile_expr_as(struct compiler *c, const struct ast_expr *e, bool want_result)
{
	size_t jump;

	switch (e->kind) {
	case AST_INT:
		emit_int(c, e->u.ival, e->loc);
		break;
	case AST_BOOL:
		emit(c, LANG_OP_PUSH_BOOL, (int32_t)e->u.ival, 0, 0, e->loc);
		break;
	case AST_NONE:
		emit(c, LANG_OP_PUSH_NONE, 0, 0, 0, e->loc);
		break;
	case AST_STR:
		emit(c, LANG_OP_PUSH_STR, intern_string(c, e->u.str.s, e->u.str.len), 0, 0,
		    e->loc);
		break;
	case AST_NAME:
		compile_name(c, e);
		break;
	case AST_INDEX:
		compile_index_load(c, e);
		break;
	case AST_ATTR:
		error_at(c, e->loc, "'%s' must be called", e->u.attr.name);
		break;
	case AST_CALL:
		compile_call(c, e, want_result);
		break;
	case AST_UNARY:
		if (e->u.unary.op == LANG_UN_NEG && e->u.unary.operand->kind == AST_INT) {
			emit_int(c, -e->u.unary.operand->u.ival, e->loc);
			break;
		}
		compile_expr(c, e->u.unary.operand);
		emit(c, LANG_OP_UNARY, (int32_t)e->u.unary.op, 0, 0, e->loc);
		break;
	case AST_BINARY:
		compile_expr(c, e->u.binary.lhs);
		if (fits_imm(e->u.binary.rhs)) {
			emit(c, LANG_OP_BINARY, (int32_t)e->u.binary.op,
			    (int32_t)e->u.binary.rhs->u.ival, LANG_IF_IMM, e->loc);
			break;
		}
		compile_expr(c, e->u.binary.rhs);
		emit(c, LANG_OP_BINARY, (int32_t)e->u.binary.op, 0, 0, e->loc);
		break;
	case AST_AND:
	case AST_OR:
		compile_expr(c, e->u.logic.lhs);
		jump = emit(c, e->kind == AST_AND ? LANG_OP_JUMP_IF_FALSE_OR_POP :
		    LANG_OP_JUMP_IF_TRUE_OR_POP, 0, 0, 0, e->loc);
		compile_expr(c, e->u.logic.rhs);
		patch_here(c, jump);
		break;
	case AST_LIST:
	case AST_LISTCOMP:
		error_at(c, e->loc, "arrays are declared at the top level (shared); a "
		    "thread cannot make a new one");
		break;
	}
}

static void
compile_expr(struct compiler *c, const struct ast_expr *e)
{
	compile_expr_as(c, e, true);
}

/* ---- statements ---- */

static void
compile_assign(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *t = st->u.assign.target, *v = st->u.assign.value;
	bool aug = st->u.assign.augmented;
	struct lang_loc oploc = st->u.assign.op_loc;
	int s, l;

	if (t->kind == AST_INDEX) {
		const struct ast_expr *base = t->u.index.base;
		const struct lang_shared *sh;

		s = base->kind == AST_NAME ? find_shared(c, base->u.name) : -1;
		if (s < 0 || c->prog->shared[s].kind != LANG_SHARED_ARRAY) {
			compile_index_load(c, t);	/* reports why */
			return;
		}
		sh = &c->prog->shared[s];
		if (t->u.index.index->kind == AST_INT &&
		    (t->u.index.index->u.ival < 0 || t->u.index.index->u.ival >= sh->length)) {
			error_at(c, t->u.index.index->loc,
			    "IndexError: index %lld is out of range for '%s' (size %d)",
			    (long long)t->u.index.index->u.ival, sh->name, sh->length);
			return;
		}
		if (!aug) {
			compile_expr(c, v);
			compile_expr(c, t->u.index.index);
			emit(c, LANG_OP_STORE_ELEM, s, 0, LANG_IF_INDEXED, oploc);
			return;
		}
		compile_expr(c, t->u.index.index);
		emit(c, LANG_OP_DUP, 0, 0, 0, oploc);
		emit(c, LANG_OP_LOAD_ELEM, s, 0, LANG_IF_INDEXED, t->loc);
		if (fits_imm(v)) {
			emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op, (int32_t)v->u.ival,
			    LANG_IF_IMM, oploc);
		} else {
			compile_expr(c, v);
			emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op, 0, 0, oploc);
		}
		emit(c, LANG_OP_SWAP, 0, 0, 0, oploc);
		emit(c, LANG_OP_STORE_ELEM, s, 0, LANG_IF_INDEXED, oploc);
		return;
	}
	/* a name */
	if (strcmp(t->u.name, "tid") == 0) {
		error_at(c, t->loc, "cannot assign to 'tid'; it is the thread's index");
		return;
	}
	s = find_shared(c, t->u.name);
	if (s >= 0 && c->prog->shared[s].kind != LANG_SHARED_SCALAR) {
		const struct lang_shared *sh = &c->prog->shared[s];

		if (sh->kind == LANG_SHARED_ARRAY)
			error_at(c, t->loc, "cannot assign to the array '%s' as a whole; "
			    "assign its elements: %s[i] = ...", sh->name, sh->name);
		else
			error_at(c, t->loc, "cannot assign to '%s': it is %s %s", sh->name,
			    article(shared_kind_name(sh)), shared_kind_name(sh));
		note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return;
	}
	if (s < 0 && find_group(c, t->u.name) >= 0) {
		error_at(c, t->loc, "cannot assign to '%s': it is a thread", t->u.name);
		return;
	}
	if (s < 0 && (is_builtin_function(t->u.name) ||
	    lang_prim_by_name(t->u.name, (unsigned)strlen(t->u.name)) >= 0)) {
		error_at(c, t->loc, "cannot assign to '%s': it is a built-in name", t->u.name);
		return;
	}
	if (aug) {
		compile_name(c, t);
		if (fits_imm(v)) {
			emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op, (int32_t)v->u.ival,
			    LANG_IF_IMM, oploc);
		} else {
			compile_expr(c, v);
			emit(c, LANG_OP_BINARY, (int32_t)st->u.assign.op, 0, 0, oploc);
		}
	} else {
		compile_expr(c, v);
	}
	if (s >= 0) {
		emit(c, LANG_OP_STORE, s, 0, 0, t->loc);
		return;
	}
	l = find_local(c, t->u.name);
	if (l < 0)
		return;		/* over the locals limit, already reported */
	emit(c, LANG_OP_STORE_LOCAL, l, 0, 0, t->loc);
	da_add(&c->da, l);
}

static void
compile_expr_statement(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *e = st->u.expr, *f;
	const struct ast_arg *a;

	if (e->kind != AST_CALL) {
		error_at(c, e->loc, "this expression does nothing; a statement is an "
		    "assignment, a call or a keyword statement");
		return;
	}
	f = e->u.call.callee;
	if (f->kind == AST_NAME && strcmp(f->u.name, "print") == 0) {
		for (a = e->u.call.args; a != NULL; a = a->next) {
			if (a->keyword != NULL) {
				error_at(c, a->keyword_loc, "print() takes no keyword arguments");
				return;
			}
			compile_expr(c, a->value);
		}
		emit(c, LANG_OP_PRINT, e->u.call.nargs, 0, 0, e->loc);
		return;
	}
	if (f->kind == AST_NAME && strcmp(f->u.name, "sleep") == 0) {
		if (e->u.call.nargs != 1 || e->u.call.args->keyword != NULL) {
			error_at(c, e->loc, "sleep() takes one argument, in milliseconds");
			return;
		}
		if (c->atomic_depth > 0) {
			error_at(c, e->loc, "sleep() is a step of its own; it is not "
			    "allowed inside 'atomic:'");
			return;
		}
		a = e->u.call.args;
		if (a->value->kind == AST_UNARY && a->value->u.unary.operand->kind == AST_INT) {
			error_at(c, a->value->loc, "sleep() needs a duration of 0 or more");
			return;
		}
		compile_expr(c, a->value);
		emit(c, LANG_OP_SLEEP, 0, 0, 0, e->loc);
		return;
	}
	compile_call(c, e, false);
}

static void
enter_scope(struct compiler *c, struct scope *s, enum scope_kind kind)
{
	memset(s, 0, sizeof(*s));
	s->kind = kind;
	s->outer = c->scope;
	s->index_slot = -1;
	da_fill(&s->break_da);
	c->scope = s;
}

static void
emit_release(struct compiler *c, const struct scope *s)
{
	struct prim_ref ref;

	memset(&ref, 0, sizeof(ref));
	ref.shared = s->prim;
	ref.indexed = s->indexed;
	ref.const_index = s->index_slot < 0;
	ref.index = s->const_index;
	emit_call(c, &ref, s->index_slot, LANG_M_RELEASE, 0, false, s->loc);
}

/* break/continue: leave every with and atomic between here and the loop. */
static void
compile_jump_out(struct compiler *c, const struct ast_stmt *st)
{
	bool is_break = st->kind == AST_BREAK;
	struct scope *s;

	for (s = c->scope; s != NULL && s->kind != SCOPE_LOOP; s = s->outer)
		;
	if (s == NULL) {
		error_at(c, st->loc, "'%s' outside a loop", is_break ? "break" : "continue");
		return;
	}
	for (s = c->scope; s->kind != SCOPE_LOOP; s = s->outer) {
		if (s->kind == SCOPE_WITH)
			emit_release(c, s);
		else
			emit(c, LANG_OP_ATOMIC_END, 0, 0, 0, st->loc);
	}
	patches_add(is_break ? &s->breaks : &s->continues,
	    emit(c, LANG_OP_JUMP, 0, 0, 0, st->loc));
	if (is_break)
		da_intersect(&s->break_da, &c->da);
	da_fill(&c->da);	/* what follows is unreachable */
}

static void
compile_while(struct compiler *c, const struct ast_stmt *st)
{
	struct scope loop;
	struct daset before = c->da;
	size_t top = c->code->count, exit_jump = SIZE_MAX;
	bool forever = is_const_true(st->u.while_.cond);

	if (!forever) {
		compile_expr(c, st->u.while_.cond);
		exit_jump = emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, st->loc);
	}
	enter_scope(c, &loop, SCOPE_LOOP);
	compile_block(c, st->u.while_.body);
	emit(c, LANG_OP_JUMP, (int32_t)top, 0, 0, st->loc);
	c->scope = loop.outer;
	if (exit_jump != SIZE_MAX)
		patch_here(c, exit_jump);
	patches_resolve(c, &loop.breaks, c->code->count);
	patches_resolve(c, &loop.continues, top);
	c->da = loop.break_da;
	if (!forever)
		da_intersect(&c->da, &before);
}

static void
compile_for(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *range = st->u.for_.range;
	const struct ast_arg *a;
	struct scope loop;
	struct daset before;
	int var, counter, end, n;
	int64_t step = 1;
	size_t top, exit_jump, next;

	if (st->u.for_.var == NULL || range == NULL)
		return;
	if (is_broken(c, st->u.for_.var))
		return;
	if (find_shared(c, st->u.for_.var) >= 0 || find_group(c, st->u.for_.var) >= 0 ||
	    strcmp(st->u.for_.var, "tid") == 0) {
		int s = find_shared(c, st->u.for_.var);

		error_at(c, st->u.for_.var_loc, "the loop variable '%s' must be a local "
		    "name, not a shared or built-in one", st->u.for_.var);
		if (s >= 0)
			note_at(c, c->prog->shared[s].loc, "'%s' is declared here, at the "
			    "top level, so it is shared", st->u.for_.var);
		return;
	}
	if (!is_range_call(range)) {
		error_at(c, range->loc, "a for loop runs over range(...): write "
		    "'for i in range(n)'%s", range->kind == AST_NAME ?
		    " (or range(len(array)) to visit an array)" : "");
		return;
	}
	n = range->u.call.nargs;
	a = range->u.call.args;
	if (n < 1 || n > 3) {
		error_at(c, range->loc, "range() takes 1 to 3 arguments, %d given", n);
		return;
	}
	for (; a != NULL; a = a->next)
		if (a->keyword != NULL) {
			error_at(c, a->keyword_loc, "range() takes no keyword arguments");
			return;
		}
	a = range->u.call.args;
	if (n == 3 && !const_int(c, a->next->next->value, &step, "range()'s step"))
		return;
	if (step == 0) {
		error_at(c, a->next->next->value->loc,
		    "ValueError: range() step must not be zero");
		return;
	}
	if (step < INT32_MIN || step > INT32_MAX) {
		error_at(c, a->next->next->value->loc, "range() step must fit in 32 bits");
		return;
	}
	var = find_local(c, st->u.for_.var);
	if (var < 0)
		return;		/* over the locals limit, already reported */
	counter = new_hidden_local(c, st->loc);
	end = new_hidden_local(c, st->loc);
	if (n == 1)
		emit_int(c, 0, range->loc);
	else
		compile_expr(c, a->value);
	emit(c, LANG_OP_STORE_LOCAL, counter, 0, 0, st->loc);
	compile_expr(c, n == 1 ? a->value : a->next->value);
	emit(c, LANG_OP_STORE_LOCAL, end, 0, 0, st->loc);
	top = c->code->count;
	emit(c, LANG_OP_LOAD_LOCAL, counter, 0, 0, st->loc);
	emit(c, LANG_OP_LOAD_LOCAL, end, 0, 0, st->loc);
	emit(c, LANG_OP_BINARY, step > 0 ? LANG_BIN_LT : LANG_BIN_GT, 0, 0, st->loc);
	exit_jump = emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, st->loc);
	emit(c, LANG_OP_LOAD_LOCAL, counter, 0, 0, st->loc);
	emit(c, LANG_OP_STORE_LOCAL, var, 0, 0, st->u.for_.var_loc);
	before = c->da;
	enter_scope(c, &loop, SCOPE_LOOP);
	da_add(&c->da, var);
	compile_block(c, st->u.for_.body);
	c->scope = loop.outer;
	next = c->code->count;
	emit(c, LANG_OP_LOAD_LOCAL, counter, 0, 0, st->loc);
	emit(c, LANG_OP_BINARY, LANG_BIN_ADD, (int32_t)step, LANG_IF_IMM, st->loc);
	emit(c, LANG_OP_STORE_LOCAL, counter, 0, 0, st->loc);
	emit(c, LANG_OP_JUMP, (int32_t)top, 0, 0, st->loc);
	patch_here(c, exit_jump);
	patches_resolve(c, &loop.breaks, c->code->count);
	patches_resolve(c, &loop.continues, next);
	c->da = before;
}

static void
compile_with(struct compiler *c, const struct ast_stmt *st)
{
	const struct ast_expr *e = st->u.with.prim;
	const struct ast_expr *base = e->kind == AST_INDEX ? e->u.index.base : e;
	struct prim_ref ref;
	struct scope scope;
	const struct lang_shared *sh;
	int s;

	if (base->kind == AST_NAME && (s = find_shared(c, base->u.name)) >= 0 &&
	    (c->prog->shared[s].kind == LANG_SHARED_SCALAR ||
	    c->prog->shared[s].kind == LANG_SHARED_ARRAY)) {
		sh = &c->prog->shared[s];
		error_at(c, base->loc, "'with' needs a Lock, RLock, Condition, Semaphore "
		    "or BoundedSemaphore; '%s' is %s", sh->name, shared_kind_name(sh));
		note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return;
	}
	if (!resolve_prim(c, e, &ref))
		return;
	sh = &c->prog->shared[ref.shared];
	if (!lang_prim_is_withable(sh->prim)) {
		error_at(c, st->u.with.prim->loc, "'with' needs a Lock, RLock, Condition, "
		    "Semaphore or BoundedSemaphore; '%s' is %s %s%s", sh->name,
		    article(lang_prim_info(sh->prim)->name), lang_prim_info(sh->prim)->name,
		    sh->prim == LANG_PRIM_RWLOCK ?
		    " (use acquire_read()/release_read() or acquire_write()/release_write())" : "");
		note_at(c, sh->loc, "'%s' is declared here", sh->name);
		return;
	}
	if (!check_blocking_allowed(c, "'with' (acquire)", st->loc))
		return;
	enter_scope(c, &scope, SCOPE_WITH);
	scope.prim = ref.shared;
	scope.indexed = ref.indexed;
	scope.const_index = ref.index;
	scope.loc = st->loc;
	scope.index_slot = hold_prim_index(c, &ref, st->loc);
	emit_call(c, &ref, scope.index_slot, LANG_M_ACQUIRE, 0, false, st->loc);
	compile_block(c, st->u.with.body);
	emit_release(c, &scope);
	c->scope = scope.outer;
}

/* if/elif/else, the elif chain walked in a loop (it can be thousands of arms
 * long); the code is what nesting each elif in an else would give. */
static void
compile_if(struct compiler *c, const struct ast_stmt *st)
{
	struct patches ends = { 0 };
	struct daset before = c->da, after;
	size_t first, jump;

	da_fill(&after);
	for (;;) {
		first = c->code->count;
		compile_expr(c, st->u.if_.cond);
		jump = emit(c, LANG_OP_JUMP_IF_FALSE, 0, 0, 0, st->loc);
		if (first < c->code->count)
			c->code->insns[first].flags |= LANG_IF_STMT;
		compile_block(c, st->u.if_.then);
		da_intersect(&after, &c->da);
		c->da = before;
		if (st->u.if_.otherwise == NULL) {
			patch_here(c, jump);
			da_intersect(&after, &before);
			break;
		}
		patches_add(&ends, emit(c, LANG_OP_JUMP, 0, 0, 0, st->loc));
		patch_here(c, jump);
		if (!is_elif(st->u.if_.otherwise) || lang_diags_full(c->diags)) {
			compile_block(c, st->u.if_.otherwise);
			da_intersect(&after, &c->da);
			break;
		}
		st = st->u.if_.otherwise;
	}
	patches_resolve(c, &ends, c->code->count);
	c->da = after;
}

static void
compile_statement(struct compiler *c, const struct ast_stmt *st)
{
	size_t first = c->code->count;
	struct scope scope;

	switch (st->kind) {
	case AST_ASSIGN:
		compile_assign(c, st);
		break;
	case AST_EXPR:
		compile_expr_statement(c, st);
		break;
	case AST_IF:
		compile_if(c, st);
		break;
	case AST_WHILE:
		compile_while(c, st);
		break;
	case AST_FOR:
		compile_for(c, st);
		break;
	case AST_BREAK:
	case AST_CONTINUE:
		compile_jump_out(c, st);
		break;
	case AST_PASS:
		break;
	case AST_ASSERT:
		if (st->u.assert_.message != NULL && st->u.assert_.message->kind != AST_STR) {
			error_at(c, st->u.assert_.message->loc,
			    "the assert message must be a string literal");
			break;
		}
		compile_expr(c, st->u.assert_.cond);
		emit(c, LANG_OP_ASSERT, st->u.assert_.message == NULL ? -1 :
		    intern_string(c, st->u.assert_.message->u.str.s,
		    st->u.assert_.message->u.str.len), 0, 0, st->loc);
		break;
	case AST_ATOMIC:
		if (c->atomic_depth > 0) {
			error_at(c, st->loc, "'atomic:' blocks do not nest; the outer one "
			    "already makes this one step");
			break;
		}
		enter_scope(c, &scope, SCOPE_ATOMIC);
		c->atomic_depth++;
		emit(c, LANG_OP_ATOMIC_BEGIN, 0, 0, 0, st->loc);
		compile_block(c, st->u.body);
		emit(c, LANG_OP_ATOMIC_END, 0, 0, 0, st->loc);
		c->atomic_depth--;
		c->scope = scope.outer;
		break;
	case AST_WITH:
		compile_with(c, st);
		break;
	}
	if (first < c->code->count)
		c->code->insns[first].flags |= LANG_IF_STMT;
}

static void
compile_block(struct compiler *c, const struct ast_stmt *s)
{
	for (; s != NULL && !lang_diags_full(c->diags); s = s->next)
		compile_statement(c, s);
}

static void
finish_code(struct compiler *c, struct lang_code *code)
{
	int i;

	if (c->diags->errors == 0 &&
	    !lang_code_check_stack(code, c->ctx == CTX_EXPECT ? 1 : 0))
		util_fatal("internal error: unbalanced stack in the code of %s",
		    c->group >= 0 ? c->prog->groups[c->group].name : "an expect");
	if (code->max_stack > LANG_MAX_STACK)
		lang_diag_add(c->diags, LANG_ERROR, c->src, c->src->path,
		    c->ctx == CTX_EXPECT ? c->expect->loc : c->prog->groups[c->group].loc,
		    "this %s needs more than %d values on its evaluation stack "
		    "(a call with too many arguments?)",
		    c->ctx == CTX_EXPECT ? "expect" : "thread", LANG_MAX_STACK);

	code->nlocals = c->nlocals;
	code->local_names = xcalloc((size_t)(c->nlocals ? c->nlocals : 1), sizeof(char *));
	for (i = 0; i < c->nlocals; i++)
		code->local_names[i] = c->locals[i].hidden ? xasprintf("$%d", i) :
		    xstrdup(c->locals[i].name);
}

static void
compile_group(struct compiler *c, int g)
{
	const struct ast_top *top = c->group_tops[g];
	struct lang_group *grp = &c->prog->groups[g];

	c->ctx = CTX_THREAD;
	c->group = g;
	c->code = &grp->code;
	c->code_cap = 0;
	c->too_many_insns = false;
	c->too_many_locals = false;
	c->nlocals = c->group_nlocals[g];
	c->locals = xcalloc((size_t)(c->nlocals ? c->nlocals : 1), sizeof(*c->locals));
	if (c->nlocals > 0)
		memcpy(c->locals, c->group_locals[g], (size_t)c->nlocals * sizeof(*c->locals));
	memset(&c->da, 0, sizeof(c->da));
	c->scope = NULL;
	c->atomic_depth = 0;
	compile_block(c, top->body);
	emit(c, LANG_OP_END, 0, 0, 0, (struct lang_loc){ top->last_line, 1, 1 });
	finish_code(c, &grp->code);
	free(c->locals);
	c->locals = NULL;
	c->nlocals = 0;
}

static void
compile_expect(struct compiler *c, const struct ast_top *top)
{
	struct lang_program *prog = c->prog;
	struct lang_expect *x;
	const struct ast_expr *e = top->value;

	prog->expects = xrealloc(prog->expects, (prog->nexpects + 1) * sizeof(*x));
	x = &prog->expects[prog->nexpects++];
	memset(x, 0, sizeof(*x));
	x->text = xstrndup(c->src->text + e->start, e->end - e->start);
	x->loc = e->loc;
	c->ctx = CTX_EXPECT;
	c->group = -1;
	c->expect = x;
	c->code = &x->code;
	c->code_cap = 0;
	c->nlocals = 0;
	compile_expr(c, e);
	emit(c, LANG_OP_END, 0, 0, 0, top->loc);
	finish_code(c, &x->code);
	c->expect = NULL;
}

/* A shared scalar or array that no thread stores to is a constant, and
 * reading it is local computation (LOAD_CONST), not a step: decided once
 * every thread is compiled, since any of them may write it. */
static void
mark_constants(struct lang_program *prog)
{
	size_t s, g, i;

	for (s = 0; s < prog->nshared; s++)
		prog->shared[s].constant = prog->shared[s].kind == LANG_SHARED_SCALAR ||
		    prog->shared[s].kind == LANG_SHARED_ARRAY;
	for (g = 0; g < prog->ngroups; g++)
		for (i = 0; i < prog->groups[g].code.count; i++) {
			const struct lang_insn *in = &prog->groups[g].code.insns[i];

			if (in->op == LANG_OP_STORE || in->op == LANG_OP_STORE_ELEM)
				prog->shared[in->a].constant = false;
		}
	for (g = 0; g < prog->ngroups; g++)
		for (i = 0; i < prog->groups[g].code.count; i++) {
			struct lang_insn *in = &prog->groups[g].code.insns[i];

			if (in->op == LANG_OP_LOAD && prog->shared[in->a].constant)
				in->op = LANG_OP_LOAD_CONST;
			else if (in->op == LANG_OP_LOAD_ELEM && prog->shared[in->a].constant)
				in->op = LANG_OP_LOAD_CONST_ELEM;
		}
}

static void
compile_file(struct compiler *c)
{
	const struct ast_top *top;
	int total_threads = 0;
	size_t g;

	for (top = c->file->tops; top != NULL && !lang_diags_full(c->diags); top = top->next) {
		if (top->kind == AST_DECL)
			declare_shared(c, top);
		else if (top->kind == AST_THREAD || top->kind == AST_MAIN)
			declare_group(c, top, &total_threads);
	}
	if (c->prog->ngroups == 0 && c->diags->errors == 0) {
		lang_diag_add(c->diags, LANG_ERROR, NULL, c->src->path,
		    (struct lang_loc){ 0, 0, 0 },
		    "no threads: a scenario needs at least one 'thread NAME:' block");
		return;
	}
	expand_threads(c);
	c->group_locals = xcalloc(c->prog->ngroups + 1, sizeof(*c->group_locals));
	c->group_nlocals = xcalloc(c->prog->ngroups + 1, sizeof(int));
	for (g = 0; g < c->prog->ngroups; g++) {
		c->locals = NULL;
		c->nlocals = 0;
		c->too_many_locals = false;
		collect_locals(c, c->group_tops[g]->body);
		c->group_locals[g] = c->locals;
		c->group_nlocals[g] = c->nlocals;
	}
	c->locals = NULL;
	c->nlocals = 0;
	for (g = 0; g < c->prog->ngroups && !lang_diags_full(c->diags); g++)
		compile_group(c, (int)g);
	mark_constants(c->prog);
	for (top = c->file->tops; top != NULL && !lang_diags_full(c->diags); top = top->next)
		if (top->kind == AST_EXPECT)
			compile_expect(c, top);
}

static bool
diag_before(const struct lang_diag *a, const struct lang_diag *b)
{
	unsigned la = a->loc.line != 0 ? a->loc.line : ~0u;
	unsigned lb = b->loc.line != 0 ? b->loc.line : ~0u;

	return la < lb || (la == lb && a->loc.col < b->loc.col);
}

/* Errors, each with the notes after it, in the order of their lines, as a
 * compiler prints them: the lexer reports all of its errors before the
 * parser starts.  Whole-file errors ("too many errors") stay last. */
static void
sort_diagnostics(struct lang_diags *d, size_t from)
{
	size_t n = d->count - from, ngroups = 0, i, j, k;
	struct lang_diag *sorted;
	size_t *groups;

	if (n < 2)
		return;
	groups = xcalloc(n, sizeof(*groups));
	for (i = from; i < d->count; i++)
		if (d->items[i].severity == LANG_ERROR || i == from)
			groups[ngroups++] = i;
	/* Insertion sort, stable; there are at most LANG_MAX_ERRORS + 1. */
	for (i = 1; i < ngroups; i++) {
		size_t g = groups[i];

		for (j = i; j > 0 && diag_before(&d->items[g], &d->items[groups[j - 1]]); j--)
			groups[j] = groups[j - 1];
		groups[j] = g;
	}
	sorted = xcalloc(n, sizeof(*sorted));
	for (i = 0, k = 0; i < ngroups; i++) {
		j = groups[i];
		do
			sorted[k++] = d->items[j++];
		while (j < d->count && d->items[j].severity == LANG_NOTE);
	}
	memcpy(d->items + from, sorted, n * sizeof(*sorted));
	free(sorted);
	free(groups);
}

struct lang_program *
lang_compile(struct lang_source *src, struct lang_diags *diags)
{
	struct lang_tokens toks;
	struct compiler c;
	struct lang_program *prog;
	size_t errors_before = diags->errors, diags_before = diags->count, g;
	bool sound;

	sound = lang_lex(src, diags, &toks);
	memset(&c, 0, sizeof(c));
	c.src = src;
	c.diags = diags;
	if (sound) {
		c.file = lang_parse(src, &toks, diags);
	} else {
		c.file = xcalloc(1, sizeof(*c.file));
		c.file->arena = ast_arena_new();
	}
	prog = c.prog = xcalloc(1, sizeof(*prog));
	prog->source = src;
	prog->main_group = -1;
	/* display text only: made safe once, here, for every view and report */
	prog->title = sanitize(c.file->title ? c.file->title : "", SANITIZE_LINE);
	prog->about = sanitize(c.file->about ? c.file->about : "", SANITIZE_TEXT);
	if (diags->errors == errors_before)
		compile_file(&c);
	for (g = 0; c.group_locals != NULL && g < prog->ngroups; g++)
		free(c.group_locals[g]);
	free(c.group_locals);
	free(c.group_nlocals);
	free(c.group_tops);
	free(c.broken);
	free(c.string_index);
	ast_file_free(c.file);
	lang_tokens_free(&toks);
	sort_diagnostics(diags, diags_before);
	if (diags->errors != errors_before) {
		lang_program_free(prog);
		return NULL;
	}
	return prog;
}

struct lang_program *
lang_compile_file(const char *path, struct lang_diags *diags)
{
	struct lang_source *src = lang_source_load(path, diags);

	return src != NULL ? lang_compile(src, diags) : NULL;
}

struct lang_program *
lang_compile_text(const char *path, const char *text, size_t len,
    struct lang_diags *diags)
{
	struct lang_source *src = lang_source_from_memory(path, text, len, diags);

	return src != NULL ? lang_compile(src, diags) : NULL;
}
