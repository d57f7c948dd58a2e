#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lang/exceptions.h"
#include "model/eval.h"
#include "model/internal.h"
#include "util/sanitize.h"

struct model_value
model_value_make(enum model_kind kind, int64_t i)
{
	struct model_value v;

	v.kind = (int32_t)kind;
	v.pad = 0;
	v.i = i;
	return v;
}

void
model_regs_push(struct model_regs *r, struct model_value v)
{
	r->stack[r->sp++] = v;
}

struct model_value
model_regs_pop(struct model_regs *r)
{
	struct model_value v = r->stack[--r->sp];

	r->stack[r->sp] = model_value_make(MODEL_UNSET, 0);
	return v;
}

static const char *type_name(const struct model_value *v);

static bool
raise_at(const struct model_world *w, const struct lang_insn *in,
    struct model_verdict *to, const char *msg)
{
	model_verdict_set(to, MODEL_RUNTIME_ERROR, w->thread, (int)in->loc.line, "%s", msg);
	return false;
}

bool
model_eval_index(const struct model_value *v, int length, const char *what,
    enum model_index_use use, int thread, int line, int *out,
    struct model_verdict *to)
{
	int64_t i = v->i;

	if (v->kind != MODEL_INT && v->kind != MODEL_BOOL) {
		if (use == MODEL_INDEX_RACE)
			model_verdict_set(to, MODEL_RUNTIME_ERROR, thread, line,
			    "TypeError: %s indices must be integers", what);
		else
			model_verdict_set(to, MODEL_RUNTIME_ERROR, thread, line,
			    "TypeError: list indices must be integers or slices, not %s",
			    type_name(v));
		return false;
	}
	/* a Python list counts a negative index from its end */
	if (use != MODEL_INDEX_RACE && i < 0)
		i += length;
	if (i < 0 || i >= length) {
		switch (use) {
		case MODEL_INDEX_RACE:
			model_verdict_set(to, MODEL_RUNTIME_ERROR, thread, line, "IndexError: "
			    "index %lld out of range for %s of size %d", (long long)v->i,
			    what, length);
			break;
		case MODEL_INDEX_PY_LOAD:
			model_verdict_set(to, MODEL_RUNTIME_ERROR, thread, line,
			    "IndexError: list index out of range");
			break;
		case MODEL_INDEX_PY_STORE:
			model_verdict_set(to, MODEL_RUNTIME_ERROR, thread, line,
			    "IndexError: list assignment index out of range");
			break;
		}
		return false;
	}
	*out = (int)i;
	return true;
}

enum model_index_use
model_index_use(const struct lang_program *prog, const struct lang_insn *in)
{
	if (!prog->python)
		return MODEL_INDEX_RACE;
	return in->op == LANG_OP_STORE_ELEM ? MODEL_INDEX_PY_STORE : MODEL_INDEX_PY_LOAD;
}

/* print()'s sep= or end=: None means the default; else it must be a str. */
static bool
print_keyword(const struct model_world *w, const struct lang_insn *in,
    const struct model_value *v, const char *name, const char *def, char *text,
    size_t size, struct model_verdict *to)
{
	char msg[120];

	if (v == NULL || v->kind == MODEL_NONE) {
		snprintf(text, size, "%s", def);
		return true;
	}
	if (v->kind == MODEL_STR) {
		sanitize_into(text, size, model_strings_get(w->strings, v->i), SANITIZE_TEXT);
		return true;
	}
	snprintf(msg, sizeof(msg), "TypeError: %s must be None or a string, not %s", name,
	    v->kind == MODEL_INT ? "int" : "bool");
	return raise_at(w, in, to, msg);
}

/* print(a, b, sep=S, end=E): CPython writes str(a), S, str(b) and E with
 * a write() call each, and another thread can write between two of them
 * (two threads' lines do come out as "ab\n\n").  So a print of n values is
 * 2n pieces (1 for print()), each written by a step of its own: the texts
 * at even k, sep at odd k, end last.  On the stack: the n values, then sep
 * and end if given (b: LANG_PRINT_*).  CPython checks sep and end before it
 * writes anything, so a bad one raises at every piece: the first is the
 * one that can.  A string's text is sanitized: it comes from the program's
 * file. */
static int
print_pieces(int n)
{
	return n > 0 ? 2 * n : 1;
}

/* sep and end as text, or a TypeError into to. */
static bool
print_keywords(const struct model_regs *r, const struct model_world *w,
    const struct lang_insn *in, char *sep, char *end, size_t size, struct model_verdict *to)
{
	int has_sep = !!(in->b & LANG_PRINT_SEP), has_end = !!(in->b & LANG_PRINT_END);

	return print_keyword(w, in, has_sep ? &r->stack[r->sp - has_sep - has_end] : NULL,
	    "sep", " ", sep, size, to) &&
	    print_keyword(w, in, has_end ? &r->stack[r->sp - 1] : NULL, "end", "\n", end,
	    size, to);
}

static bool
print_piece(struct model_regs *r, const struct model_world *w, const struct lang_insn *in,
    int k, struct model_verdict *to)
{
	int n = in->a, extra = !!(in->b & LANG_PRINT_SEP) + !!(in->b & LANG_PRINT_END);
	char sep[280], end[280], text[280];

	if (!print_keywords(r, w, in, sep, end, sizeof(sep), to))
		return false;
	if (k == print_pieces(n) - 1) {
		snprintf(text, sizeof(text), "%s", end);
	} else if (k % 2 == 1) {
		snprintf(text, sizeof(text), "%s", sep);
	} else {
		const struct model_value *v = &r->stack[r->sp - extra - n + k / 2];

		if (v->kind == MODEL_STR || v->kind == MODEL_EXC)
			sanitize_into(text, sizeof(text), v->kind == MODEL_STR ?
			    model_strings_get(w->strings, v->i) :
			    lang_exc_message(model_strings_get(w->strings, v->i)), SANITIZE_TEXT);
		else if (model_value_is_object(v) && w->heap != NULL) {
			/* another thread's append may move the cells meanwhile */
			if (w->heap->lock != NULL)
				w->heap->lock(w->heap->lock_arg);
			model_heap_repr(w->heap, w->strings, v, text, sizeof(text));
			if (w->heap->unlock != NULL)
				w->heap->unlock(w->heap->lock_arg);
		} else
			model_value_format(w->strings, v, text, sizeof(text));
	}
	if (w->output != NULL)
		snprintf(w->output, w->output_size, "%s", text);
	return true;
}

static bool
assert_failed(const struct model_regs *r, const struct model_world *w,
    const struct lang_insn *in, struct model_verdict *to)
{
	char safe[200];

	if (in->b) {
		const struct model_value *msg = &r->stack[r->sp - 1];

		model_verdict_set(to, MODEL_ASSERT_FAILED, w->thread, (int)in->loc.line,
		    "AssertionError: %s", sanitize_into(safe, sizeof(safe),
		    model_strings_get(w->strings, msg->i), SANITIZE_LINE));
		return false;
	}
	if (in->a < 0) {
		model_verdict_set(to, MODEL_ASSERT_FAILED, w->thread, (int)in->loc.line,
		    "AssertionError");
		return false;
	}
	model_verdict_set(to, MODEL_ASSERT_FAILED, w->thread, (int)in->loc.line,
	    "AssertionError: %s", sanitize_into(safe, sizeof(safe),
	    model_strings_get(w->strings, in->a), SANITIZE_LINE));
	return false;
}

/* CALL_FUNCTION: the arguments become the callee's first locals, in an
 * area above the caller's, and the caller is saved to return to. */
static bool
call_function(struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to)
{
	const struct lang_program *prog = w->m->prog;
	const struct lang_code *caller = model_regs_code(prog, r);
	const struct lang_code *callee = &prog->functions[in->a].code;
	int32_t base = r->base + caller->max_stack + caller->nlocals;
	struct model_value *locals;
	struct model_call *saved;
	int k;

	if (r->depth >= LANG_MAX_CALL_DEPTH || r->depth >= r->ncalls ||
	    base + callee->max_stack + callee->nlocals > r->nslots)
		return raise_at(w, in, to, "RecursionError: maximum recursion depth exceeded");
	locals = r->slots + base + callee->max_stack;
	for (k = in->argc - 1; k >= 0; k--)
		locals[k] = model_regs_pop(r);
	saved = &r->calls[r->depth++];
	saved->func = r->func;
	saved->pc = r->pc;
	saved->sp = r->sp;
	saved->base = r->base;
	r->func = in->a;
	r->base = base;
	r->stack = r->slots + base;
	r->locals = locals;
	r->sp = 0;
	r->pc = 0;
	return true;
}

/* RETURN: the callee's area is cleared, the caller resumed, and the value
 * handed to it if its call wants one. */
static void
return_from(struct model_regs *r, const struct model_world *w)
{
	const struct lang_program *prog = w->m->prog;
	const struct lang_code *callee = model_regs_code(prog, r), *caller;
	struct model_value v = model_regs_pop(r);
	struct model_call saved;
	int k;

	for (k = 0; k < callee->nlocals; k++)
		r->locals[k] = model_value_make(MODEL_UNSET, 0);
	saved = r->calls[--r->depth];
	memset(&r->calls[r->depth], 0, sizeof(r->calls[r->depth]));
	r->func = saved.func;
	r->pc = saved.pc;
	r->sp = saved.sp;
	r->base = saved.base;
	caller = model_regs_code(prog, r);
	r->stack = r->slots + r->base;
	r->locals = r->stack + caller->max_stack;
	if (caller->insns[r->pc - 1].flags & LANG_IF_RESULT)
		model_regs_push(r, v);
}

/* ---- lists and tuples ---- */

const char *
model_eval_type_name(const struct model_value *v)
{
	return type_name(v);
}

static const char *
type_name(const struct model_value *v)
{
	switch ((enum model_kind)v->kind) {
	case MODEL_INT: return "int";
	case MODEL_BOOL: return "bool";
	case MODEL_STR: return "str";
	case MODEL_NONE: return "NoneType";
	case MODEL_LIST: return "list";
	case MODEL_TUPLE: return "tuple";
	case MODEL_DICT: return "dict";
	case MODEL_REPR: return "object";
	case MODEL_EXC: return "exception";
	case MODEL_UNSET: break;
	}
	return "unset";
}

const struct model_value *
model_eval_heap_operand(const struct model_regs *r, const struct lang_insn *in)
{
	int depth = lang_heap_operand((enum lang_opcode)in->op);
	const struct model_value *v;

	if (depth < 0 || depth >= r->sp)
		return NULL;
	v = &r->stack[r->sp - 1 - depth];
	return model_value_is_object(v) ? v : NULL;
}

bool
model_eval_truthy(const struct model_world *w, const struct model_value *v)
{
	if (v->kind == MODEL_INT || v->kind == MODEL_BOOL)
		return v->i != 0;	/* the common case, first */
	if (model_value_is_object(v) && w->heap != NULL)
		return model_heap_len(w->heap, v) > 0;
	if (v->kind == MODEL_REPR) {
		const char *text = model_strings_get(w->strings, v->i);

		return strcmp(text, "[]") != 0 && strcmp(text, "()") != 0;
	}
	return model_value_truthy(w->strings, v);
}

/* v as a position in an object of n items, Python's way: negative counts
 * from the end; false if it is not an integer (a TypeError in err) or,
 * unless clamp, out of range (an IndexError naming what). */
static bool
position(const struct model_value *v, int n, bool clamp, const char *what,
    const char *kind, int *out, char *err, size_t errsize)
{
	int64_t i;

	if (v->kind != MODEL_INT && v->kind != MODEL_BOOL) {
		snprintf(err, errsize, "TypeError: %s indices must be integers or slices, not %s", kind,
		    type_name(v));
		return false;
	}
	i = v->i < 0 ? v->i + n : v->i;
	if (clamp) {
		*out = i < 0 ? 0 : i > n ? n : (int)i;
		return true;
	}
	if (i < 0 || i >= n) {
		snprintf(err, errsize, "IndexError: %s", what);
		return false;
	}
	*out = (int)i;
	return true;
}

static bool
concat(const struct model_world *w, const struct model_value *a,
    const struct model_value *b, struct model_value *out, char *err, size_t errsize)
{
	struct model_value items[MODEL_HEAP_CELLS];
	int na = model_heap_len(w->heap, a), nb = model_heap_len(w->heap, b), i;

	if (na + nb > MODEL_HEAP_CELLS) {
		snprintf(err, errsize, "MemoryError: lockstep's heap limit is %d items in "
		    "one list", MODEL_HEAP_CELLS);
		return false;
	}
	for (i = 0; i < na; i++)
		items[i] = model_heap_item(w->heap, a, i);
	for (i = 0; i < nb; i++)
		items[na + i] = model_heap_item(w->heap, b, i);
	return model_heap_new_object(w->heap, (enum model_kind)a->kind, items, na + nb, out,
	    err, errsize);
}

static bool
is_sequence(const struct model_value *v)
{
	return v->kind == MODEL_LIST || v->kind == MODEL_TUPLE || v->kind == MODEL_STR;
}

/* seq * n (or n * seq): a new list or tuple of seq's items n times over;
 * none for n <= 0, as in Python. */
static bool
repeat(const struct model_world *w, const struct model_value *seq, int64_t n,
    struct model_value *out, char *err, size_t errsize)
{
	struct model_value items[MODEL_HEAP_CELLS];
	int len = model_heap_len(w->heap, seq), i, k = 0;

	if (n < 0)
		n = 0;
	if (len > 0 && n > MODEL_HEAP_CELLS / len) {
		snprintf(err, errsize, "MemoryError: lockstep's heap limit is %d items in "
		    "one list", MODEL_HEAP_CELLS);
		return false;
	}
	for (; n > 0; n--)
		for (i = 0; i < len; i++)
			items[k++] = model_heap_item(w->heap, seq, i);
	return model_heap_new_object(w->heap, (enum model_kind)seq->kind, items, k, out,
	    err, errsize);
}

/* A binary operator with a list or tuple on either side: == and != item by
 * item, + concatenates, * repeats; the rest is not lockstep's. */
static bool
binary_objects(const struct model_world *w, enum lang_binop op, bool inplace,
    const struct model_value *a, const struct model_value *b, struct model_value *out,
    char *err, size_t errsize)
{
	/* CPython's lst += x extends the list itself, which every other name
	 * for it sees; a new list here would be a silent difference, and the
	 * change in place would be a step no instruction shows */
	if (inplace && a->kind == MODEL_LIST) {
		snprintf(err, errsize, "TypeError: lockstep does not apply '%s=' to a list "
		    "(CPython changes the list in place); append the items one by one",
		    lang_binop_symbol(op));
		return false;
	}
	switch (op) {
	case LANG_BIN_EQ:
	case LANG_BIN_NE:
		*out = model_value_make(MODEL_BOOL, model_heap_equal(w->heap, w->strings, a, b) ==
		    (op == LANG_BIN_EQ));
		return true;
	case LANG_BIN_ADD:
		if (a->kind == b->kind && model_value_is_object(a))
			return concat(w, a, b, out, err, errsize);
		if (is_sequence(a))
			snprintf(err, errsize, "TypeError: can only concatenate %s (not \"%s\") "
			    "to %s", type_name(a), type_name(b), type_name(a));
		else
			snprintf(err, errsize, "TypeError: unsupported operand type(s) for +: "
			    "'%s' and '%s'", type_name(a), type_name(b));
		return false;
	case LANG_BIN_MUL:
		if (model_value_is_object(a) && a->kind != MODEL_DICT &&
		    (b->kind == MODEL_INT || b->kind == MODEL_BOOL))
			return repeat(w, a, b->i, out, err, errsize);
		if (model_value_is_object(b) && b->kind != MODEL_DICT &&
		    (a->kind == MODEL_INT || a->kind == MODEL_BOOL))
			return repeat(w, b, a->i, out, err, errsize);
		if (is_sequence(a) || is_sequence(b))
			snprintf(err, errsize, "TypeError: can't multiply sequence by non-int of "
			    "type '%s'", type_name(is_sequence(a) ? b : a));
		else
			snprintf(err, errsize, "TypeError: unsupported operand type(s) for *: "
			    "'%s' and '%s'", type_name(a), type_name(b));
		return false;
	case LANG_BIN_LT:
	case LANG_BIN_LE:
	case LANG_BIN_GT:
	case LANG_BIN_GE:
		/* two lists (or tuples) CPython orders item by item; lockstep not */
		if (a->kind == b->kind && a->kind != MODEL_DICT)
			break;
		snprintf(err, errsize, "TypeError: '%s' not supported between instances of "
		    "'%s' and '%s'", lang_binop_symbol(op), type_name(a), type_name(b));
		return false;
	case LANG_BIN_MOD:
		if (a->kind == MODEL_STR)
			break;	/* CPython's % formatting */
		__attribute__((fallthrough));
	case LANG_BIN_SUB:
	case LANG_BIN_FLOORDIV:
		snprintf(err, errsize, "TypeError: unsupported operand type(s) for %s: '%s' "
		    "and '%s'", lang_binop_symbol(op), type_name(a), type_name(b));
		return false;
	case LANG_BIN_COUNT:
		break;
	}
	snprintf(err, errsize, "TypeError: lockstep does not apply '%s' to %s and %s",
	    lang_binop_symbol(op), type_name(a), type_name(b));
	return false;
}

bool
model_eval_binary(const struct model_world *w, enum lang_binop op,
    const struct model_value *a, const struct model_value *b, struct model_value *out,
    char *err, size_t errsize)
{
	if (model_value_is_object(a) || model_value_is_object(b) ||
	    a->kind == MODEL_REPR || b->kind == MODEL_REPR)
		return binary_objects(w, op, false, a, b, out, err, errsize);
	return model_binary(w->strings, op, a, b, out, err, errsize);
}

/* {k: v, ...}: a new dict, the pairs set in order (a later key wins). */
static bool
dict_new(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    char *err, size_t errsize)
{
	struct model_heap *h = w->heap;
	struct model_value d;
	int i, at;

	if (!model_heap_new_object(h, MODEL_DICT, NULL, 0, &d, err, errsize))
		return false;
	for (i = 0; i < in->a; i += 2) {
		const struct model_value *k = &r->stack[r->sp - in->a + i];

		at = model_heap_dict_find(h, w->strings, &d, k);
		if (at >= 0) {
			model_heap_set_item(h, &d, at, k + 1);
		} else if (!model_heap_insert(h, &d, model_heap_len(h, &d), k, err, errsize) ||
		    !model_heap_insert(h, &d, model_heap_len(h, &d), k + 1, err, errsize)) {
			return false;	/* the half-made dict is garbage */
		}
	}
	for (i = 0; i < in->a; i++)
		model_regs_pop(r);
	model_regs_push(r, d);
	return true;
}

static bool
key_error(const struct model_world *w, const struct model_value *key, char *err,
    size_t errsize)
{
	char text[200];

	if (model_value_is_object(key))
		model_heap_repr(w->heap, w->strings, key, text, sizeof(text));
	else
		model_value_format(w->strings, key, text, sizeof(text));
	snprintf(err, errsize, "KeyError: %.160s", text);
	return false;
}

/* UNPACK_SEQUENCE once the items are counted: CPython's ValueError when
 * there are not in->a of them, else the tuple of items (n of them at
 * items, copied: making the tuple moves the heap's cells) in place of the
 * object on top.  A tuple is its own result. */
static bool
unpack_items(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    const struct model_value *items, int n, char *err, size_t errsize)
{
	struct model_value copy[LANG_MAX_HEAP_ITEMS], v;

	if (in->b && n < in->a) {	/* a, *rest = x: at least a */
		snprintf(err, errsize, "ValueError: not enough values to unpack (expected at "
		    "least %d, got %d)", (int)in->a, n);
		return false;
	}
	if (in->b && n > LANG_MAX_HEAP_ITEMS) {
		snprintf(err, errsize, "internal error: more than %d values to unpack",
		    LANG_MAX_HEAP_ITEMS);
		return false;
	}
	if (in->b) {
		/* every item, the starred target's among them */
	} else if (n > in->a) {
		snprintf(err, errsize, "ValueError: too many values to unpack (expected %d)",
		    (int)in->a);
		return false;
	}
	if (n < in->a) {
		snprintf(err, errsize, "ValueError: not enough values to unpack (expected %d, "
		    "got %d)", (int)in->a, n);
		return false;
	}
	if (r->stack[r->sp - 1].kind == MODEL_TUPLE)
		return true;
	memcpy(copy, items, (size_t)n * sizeof(*copy));
	if (!model_heap_new_object(w->heap, MODEL_TUPLE, copy, n, &v, err, errsize))
		return false;
	r->stack[r->sp - 1] = v;
	return true;
}

/* The length in bytes of the UTF-8 character at text. */
static size_t
char_bytes(const char *text)
{
	size_t len = 1;

	while ((text[len] & 0xc0) == 0x80)
		len++;	/* its continuation bytes */
	return len;
}

/* x in s, s a string: whether x is a part of it, as CPython's str has it
 * (the empty string is part of every string). */
static bool
string_contains(struct model_regs *r, const struct model_world *w, char *err,
    size_t errsize)
{
	const struct model_value *x = &r->stack[r->sp - 2];
	bool found;

	if (x->kind != MODEL_STR) {
		snprintf(err, errsize, "TypeError: 'in <string>' requires string as left "
		    "operand, not %s", type_name(x));
		return false;
	}
	found = strstr(model_strings_get(w->strings, r->stack[r->sp - 1].i),
	    model_strings_get(w->strings, x->i)) != NULL;
	model_regs_pop(r);
	model_regs_pop(r);
	model_regs_push(r, model_value_make(MODEL_BOOL, found));
	return true;
}

/* s[i]: the string's character at i (counted in characters; a negative
 * i from the end), or CPython's IndexError or TypeError. */
static bool
string_item(struct model_regs *r, const struct model_world *w, char *err, size_t errsize)
{
	const char *text = model_strings_get(w->strings, r->stack[r->sp - 2].i);
	const struct model_value *index = &r->stack[r->sp - 1];
	int n = 0, k, i;
	size_t at;

	for (at = 0; text[at] != '\0'; at += char_bytes(text + at))
		n++;
	if (index->kind != MODEL_INT && index->kind != MODEL_BOOL) {
		snprintf(err, errsize, "TypeError: string indices must be integers, not '%s'",
		    type_name(index));
		return false;
	}
	if (index->i >= n || index->i < -n) {
		snprintf(err, errsize, "IndexError: string index out of range");
		return false;
	}
	i = (int)(index->i < 0 ? index->i + n : index->i);
	for (at = 0, k = 0; k < i; k++)
		at += char_bytes(text + at);
	model_regs_pop(r);
	r->stack[r->sp - 1] = model_value_make(MODEL_STR, model_strings_intern(w->strings,
	    text + at, char_bytes(text + at)));
	return true;
}

/* for c in s: the next character of the string on the stack (its place,
 * in characters, kept in the loop's hidden local), or on past the loop. */
static void
string_next(struct model_regs *r, const struct lang_insn *in, const struct model_world *w)
{
	const char *text = model_strings_get(w->strings, r->stack[r->sp - 1].i);
	int i = r->locals[in->b].kind == MODEL_INT ? (int)r->locals[in->b].i : 0, k;
	size_t at = 0;

	for (k = 0; k < i && text[at] != '\0'; k++)
		at += char_bytes(text + at);
	model_regs_pop(r);
	if (text[at] == '\0') {
		r->pc = in->a;
		return;
	}
	r->locals[in->b] = model_value_make(MODEL_INT, i + 1);
	model_regs_push(r, model_value_make(MODEL_STR, model_strings_intern(w->strings,
	    text + at, char_bytes(text + at))));
}

/* a, b = "xy": a string unpacks into its characters. */
static bool
unpack_string(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    char *err, size_t errsize)
{
	const char *text = model_strings_get(w->strings, r->stack[r->sp - 1].i);
	struct model_value chars[LANG_MAX_UNPACK];
	size_t at = 0, len;
	int n = 0;

	while (text[at] != '\0') {
		len = char_bytes(text + at);
		if (n < LANG_MAX_UNPACK)
			chars[n] = model_value_make(MODEL_STR, model_strings_intern(w->strings,
			    text + at, len));
		n++;
		at += len;
	}
	if (n > LANG_MAX_UNPACK && in->b) {
		snprintf(err, errsize, "internal error: a string of more than %d characters "
		    "unpacked with a starred target", LANG_MAX_UNPACK);
		return false;
	}
	if (n > LANG_MAX_UNPACK)
		n = LANG_MAX_UNPACK + 1;	/* too many, whatever in->a is */
	if (w->heap == NULL && n == in->a) {
		snprintf(err, errsize, "internal error: a tuple without a heap");
		return false;
	}
	return unpack_items(r, in, w, chars, n, err, errsize);
}

/* An operation on a dict: d[k], d[k] = v, k in d, len(d), d.get(k, v),
 * for k in d (its keys); a list's methods are not a dict's. */
static bool
eval_dict(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    const struct model_value *d, char *err, size_t errsize)
{
	struct model_heap *h = w->heap;
	struct model_value *top = &r->stack[r->sp - 1], v;
	int n = model_heap_count(h, d), at;
	struct model_value dict = *d;

	switch ((enum lang_opcode)in->op) {
	case LANG_OP_ITEM_LOAD:
		if ((at = model_heap_dict_find(h, w->strings, &dict, top)) < 0)
			return key_error(w, top, err, errsize);
		v = model_heap_item(h, &dict, at);
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_push(r, v);
		return true;
	case LANG_OP_ITEM_STORE:
		if (model_value_is_object(top) && top->kind != MODEL_TUPLE) {
			snprintf(err, errsize, "TypeError: unhashable type: '%s'", type_name(top));
			return false;
		}
		at = model_heap_dict_find(h, w->strings, &dict, top);
		if (at >= 0)
			model_heap_set_item(h, &dict, at, &r->stack[r->sp - 3]);
		else if (!model_heap_insert(h, &dict, 2 * n, top, err, errsize) ||
		    !model_heap_insert(h, &dict, 2 * n + 1, &r->stack[r->sp - 3], err, errsize))
			return false;
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_pop(r);
		return true;
	case LANG_OP_DICT_GET:
		at = model_heap_dict_find(h, w->strings, &dict, &r->stack[r->sp - 2]);
		v = at >= 0 ? model_heap_item(h, &dict, at) : *top;
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_push(r, v);
		return true;
	case LANG_OP_SEQ_LEN:
		model_regs_pop(r);
		model_regs_push(r, model_value_make(MODEL_INT, n));
		return true;
	case LANG_OP_SEQ_CONTAINS:
		at = model_heap_dict_find(h, w->strings, &dict, &r->stack[r->sp - 2]);
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_push(r, model_value_make(MODEL_BOOL, at >= 0));
		return true;
	case LANG_OP_ITER_NEXT: {
		/* the position holds the next entry in its low half and, once
		 * the loop has begun, 1 + the dict's size then in its high half:
		 * CPython's iterator raises when the size changes under it */
		int64_t p = r->locals[in->b].kind == MODEL_INT ? r->locals[in->b].i : 0;

		at = (int)(p & 0xffffffff);
		if ((p >> 32) != 0 && (p >> 32) - 1 != n) {
			snprintf(err, errsize, "RuntimeError: dictionary changed size during "
			    "iteration");
			return false;
		}
		if (at >= n) {
			model_regs_pop(r);
			r->pc = in->a;
			return true;
		}
		if (LANG_VIEW_OF(in->flags) == LANG_VIEW_ITEMS) {
			struct model_value pair[2];

			pair[0] = model_heap_item(h, &dict, 2 * at);
			pair[1] = model_heap_item(h, &dict, 2 * at + 1);
			if (!model_heap_new_object(h, MODEL_TUPLE, pair, 2, &v, err, errsize))
				return false;
		} else
			v = model_heap_item(h, &dict, 2 * at +
			    (LANG_VIEW_OF(in->flags) == LANG_VIEW_VALUES));
		model_regs_pop(r);
		r->locals[in->b] = model_value_make(MODEL_INT, (int64_t)(at + 1) |
		    (int64_t)(n + 1) << 32);
		model_regs_push(r, v);
		return true;
	}
	case LANG_OP_UNPACK: {
		struct model_value keys[LANG_MAX_UNPACK];

		if (in->b && n > LANG_MAX_UNPACK) {
			snprintf(err, errsize, "internal error: a dict of more than %d keys "
			    "unpacked with a starred target", LANG_MAX_UNPACK);
			return false;
		}
		for (at = 0; at < n && at < LANG_MAX_UNPACK; at++)
			keys[at] = model_heap_item(h, &dict, 2 * at);
		return unpack_items(r, in, w, keys, n, err, errsize);
	}
	case LANG_OP_LIST_POP:
		/* CPython's dicts have pop(k); lockstep's do not, and says so */
		snprintf(err, errsize, "TypeError: lockstep does not apply pop() to a dict "
		    "(CPython removes the key); read d[k] instead");
		return false;
	case LANG_OP_BUILTIN:	/* eval_heap runs it first */
		break;
	case LANG_OP_LIST_APPEND:
	case LANG_OP_LIST_INSERT:
	case LANG_OP_LIST_REMOVE:
		snprintf(err, errsize, "AttributeError: 'dict' object has no attribute '%s'",
		    in->op == LANG_OP_LIST_APPEND ? "append" : in->op == LANG_OP_LIST_INSERT ?
		    "insert" : "remove");
		return false;
	LANG_CASES_NO_HEAP_OPERAND_OPS
		break;
	}
	snprintf(err, errsize, "internal error: not a dict operation");
	return false;
}

static bool
eval_heap(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    char *err, size_t errsize)
{
	struct model_heap *h = w->heap;
	const struct model_value *obj = model_eval_heap_operand(r, in);
	struct model_value *top = &r->stack[r->sp - 1], v;
	bool tuple = obj != NULL && obj->kind != MODEL_LIST;
	int n = obj != NULL ? model_heap_len(h, obj) : 0, i;

	if (in->op == LANG_OP_BUILTIN)
		return model_builtin(r, in, w, err, errsize);
	if (in->op == LANG_OP_ITER_NEXT && LANG_VIEW_OF(in->flags) != 0 &&
	    (obj == NULL || obj->kind != MODEL_DICT)) {
		static const char *const views[] = { "", "keys", "values", "items" };

		snprintf(err, errsize, "AttributeError: '%s' object has no attribute '%s'",
		    type_name(top), views[LANG_VIEW_OF(in->flags)]);
		return false;
	}
	if (obj != NULL && obj->kind == MODEL_DICT)
		return eval_dict(r, in, w, obj, err, errsize);
	switch ((enum lang_opcode)in->op) {
	case LANG_OP_DICT_NEW:
		return dict_new(r, in, w, err, errsize);
	case LANG_OP_DICT_GET:
		snprintf(err, errsize, "AttributeError: '%s' object has no attribute 'get'",
		    type_name(&r->stack[r->sp - 3]));
		return false;
	case LANG_OP_LIST_NEW:
	case LANG_OP_TUPLE_NEW:
		if (!model_heap_new_object(h, in->op == LANG_OP_LIST_NEW ? MODEL_LIST :
		    MODEL_TUPLE, &r->stack[r->sp - in->a], in->a, &v, err, errsize))
			return false;
		for (i = 0; i < in->a; i++)
			model_regs_pop(r);
		model_regs_push(r, v);
		return true;
	case LANG_OP_ITEM_LOAD:
		if (obj == NULL && r->stack[r->sp - 2].kind == MODEL_STR)
			return string_item(r, w, err, errsize);
		if (obj == NULL) {
			snprintf(err, errsize, "TypeError: '%s' object is not subscriptable",
			    type_name(&r->stack[r->sp - 2]));
			return false;
		}
		if (!position(top, n, false, tuple ? "tuple index out of range" :
		    "list index out of range", type_name(obj), &i, err, errsize))
			return false;
		v = model_heap_item(h, obj, i);
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_push(r, v);
		return true;
	case LANG_OP_ITEM_STORE:
		if (obj == NULL || tuple) {
			snprintf(err, errsize, "TypeError: '%s' object does not support item "
			    "assignment", type_name(&r->stack[r->sp - 2]));
			return false;
		}
		if (!position(top, n, false, "list assignment index out of range", "list", &i,
		    err, errsize))
			return false;
		model_heap_set_item(h, obj, i, &r->stack[r->sp - 3]);
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_pop(r);
		return true;
	case LANG_OP_LIST_APPEND:
	case LANG_OP_LIST_POP:
	case LANG_OP_LIST_INSERT:
	case LANG_OP_LIST_REMOVE:
		if (obj == NULL || tuple) {
			snprintf(err, errsize, "AttributeError: '%s' object has no attribute '%s'",
			    type_name(&r->stack[r->sp - 1 - lang_heap_operand(in->op)]),
			    in->op == LANG_OP_LIST_APPEND ? "append" : in->op == LANG_OP_LIST_POP ?
			    "pop" : in->op == LANG_OP_LIST_INSERT ? "insert" : "remove");
			return false;
		}
		break;
	case LANG_OP_SEQ_LEN:
		if (obj == NULL) {
			struct model_value len;

			/* a string's length, or the TypeError of anything else */
			if (!model_len(w->strings, top, &len, err, errsize))
				return false;
			*top = len;
			return true;
		}
		model_regs_pop(r);
		model_regs_push(r, model_value_make(MODEL_INT, n));
		return true;
	case LANG_OP_SEQ_CONTAINS:
		if (obj == NULL && top->kind == MODEL_STR)
			return string_contains(r, w, err, errsize);
		if (obj == NULL) {
			snprintf(err, errsize, "TypeError: argument of type '%s' is not iterable",
			    type_name(top));
			return false;
		}
		i = model_heap_find(h, w->strings, obj, &r->stack[r->sp - 2]);
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_push(r, model_value_make(MODEL_BOOL, i >= 0));
		return true;
	case LANG_OP_UNPACK:
		if (obj == NULL && top->kind == MODEL_STR)
			return unpack_string(r, in, w, err, errsize);
		if (obj == NULL) {
			snprintf(err, errsize, "TypeError: cannot unpack non-iterable %s object",
			    type_name(top));
			return false;
		}
		return unpack_items(r, in, w, n > 0 ? &h->cells[model_heap_cell(h, obj, 0)] :
		    NULL, n, err, errsize);
	case LANG_OP_ITER_NEXT:
		if (obj == NULL && top->kind == MODEL_STR) {
			string_next(r, in, w);
			return true;
		}
		if (obj == NULL) {
			snprintf(err, errsize, "TypeError: '%s' object is not iterable",
			    type_name(top));
			return false;
		}
		i = r->locals[in->b].kind == MODEL_INT ? (int)r->locals[in->b].i : 0;
		if (i >= n) {
			model_regs_pop(r);
			r->pc = in->a;
			return true;
		}
		v = model_heap_item(h, obj, i);
		r->locals[in->b] = model_value_make(MODEL_INT, i + 1);
		model_regs_pop(r);
		model_regs_push(r, v);
		return true;
	LANG_CASES_LOCAL_OPS
	LANG_CASES_VISIBLE_OPS
	case LANG_OP_BUILTIN:	/* run above */
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_COUNT:
		snprintf(err, errsize, "internal error: not a heap operation");
		return false;
	}
	/* the list methods, on a list */
	switch ((enum lang_opcode)in->op) {
	case LANG_OP_LIST_APPEND:
		if (!model_heap_insert(h, obj, n, top, err, errsize))
			return false;
		model_regs_pop(r);
		model_regs_pop(r);
		break;
	case LANG_OP_LIST_POP:
		if (n == 0) {
			snprintf(err, errsize, "IndexError: pop from empty list");
			return false;
		}
		if (!position(top, n, false, "pop index out of range", "list", &i, err, errsize))
			return false;
		v = model_heap_delete(h, obj, i);
		model_regs_pop(r);
		model_regs_pop(r);
		if (in->flags & LANG_IF_RESULT)
			model_regs_push(r, v);
		return true;
	case LANG_OP_LIST_INSERT:
		if (!position(&r->stack[r->sp - 2], n, true, "", "list", &i, err, errsize) ||
		    !model_heap_insert(h, obj, i, top, err, errsize))
			return false;
		model_regs_pop(r);
		model_regs_pop(r);
		model_regs_pop(r);
		break;
	case LANG_OP_LIST_REMOVE:
		i = model_heap_find(h, w->strings, obj, top);
		if (i < 0) {
			snprintf(err, errsize, "ValueError: list.remove(x): x not in list");
			return false;
		}
		model_heap_delete(h, obj, i);
		model_regs_pop(r);
		model_regs_pop(r);
		break;
	LANG_CASES_LOCAL_OPS
	LANG_CASES_VISIBLE_OPS
	case LANG_OP_LIST_NEW:
	case LANG_OP_TUPLE_NEW:
	case LANG_OP_DICT_NEW:
	case LANG_OP_DICT_GET:
	case LANG_OP_ITEM_LOAD:
	case LANG_OP_ITEM_STORE:
	case LANG_OP_SEQ_LEN:
	case LANG_OP_SEQ_CONTAINS:
	case LANG_OP_ITER_NEXT:
	case LANG_OP_UNPACK:
	case LANG_OP_BUILTIN:
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_COUNT:
		break;
	}
	if (in->flags & LANG_IF_RESULT)
		model_regs_push(r, model_value_make(MODEL_NONE, 0));
	return true;
}

/* A heap operation, under the heap's lock where it has one. */
static bool
heap_op(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    struct model_verdict *to)
{
	char err[200];
	bool ok;

	if (w->heap == NULL && (in->op == LANG_OP_LIST_NEW || in->op == LANG_OP_TUPLE_NEW))
		return raise_at(w, in, to, "internal error: a list without a heap");
	if (w->heap != NULL && w->heap->lock != NULL)
		w->heap->lock(w->heap->lock_arg);
	ok = eval_heap(r, in, w, err, sizeof(err));
	if (w->heap != NULL && w->heap->unlock != NULL)
		w->heap->unlock(w->heap->lock_arg);
	return ok || raise_at(w, in, to, err);
}

/* LOAD_LOCAL of a local no path assigned yet: the compiler lets a .py
 * file read a name that some path assigns (a loop's variable after it),
 * and this is CPython's error on the others -- a module-level name is not
 * defined, a function's local is not associated with a value.  Kept out
 * of line: the read that has a value is the one that must stay fast. */
static bool __attribute__((noinline, cold))
unbound(const struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to)
{
	const struct lang_program *prog = w->m->prog;
	const char *name = model_regs_code(prog, r)->local_names[in->a];
	char err[MODEL_EXC_TEXT];

	if (prog->python && r->depth == 0)
		snprintf(err, sizeof(err), "NameError: name '%s' is not defined", name);
	else
		snprintf(err, sizeof(err), "UnboundLocalError: cannot access local variable "
		    "'%s' where it is not associated with a value", name);
	return raise_at(w, in, to, err);
}

/* ---- exceptions (lang/exceptions.h) ---- */

/* EXC_NEW: CLASS(message) or CLASS(), the message str()'d already. */
static bool
exc_new(struct model_regs *r, const struct lang_insn *in, const struct model_world *w)
{
	char text[MODEL_EXC_TEXT];
	struct model_value msg;

	if (in->b) {
		msg = model_regs_pop(r);
		lang_exc_text(&w->m->prog->own_exceptions, in->a, msg.kind == MODEL_STR ?
		    model_strings_get(w->strings, msg.i) : "", text, sizeof(text));
	} else {
		lang_exc_text(&w->m->prog->own_exceptions, in->a, "", text, sizeof(text));
	}
	model_regs_push(r, model_value_make(MODEL_EXC, model_strings_intern(w->strings, text,
	    strlen(text))));
	return true;
}

/* THROW: always raises the exception on top; a re-raised one at the place
 * it was first raised (its pad). */
static bool
raise_exc(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    struct model_verdict *to)
{
	const struct model_value *top = &r->stack[r->sp - 1];
	const char *text;
	int func, line = (int)in->loc.line;

	if (top->kind != MODEL_EXC)
		return raise_at(w, in, to, "TypeError: exceptions must derive from BaseException");
	text = model_strings_get(w->strings, top->i);
	if (top->pad != 0)
		model_exc_where(w->strings, top->pad, &func, &line);
	model_verdict_set(to, lang_exc_of_text(NULL, text) == LANG_EXC_ASSERTION ?
	    MODEL_ASSERT_FAILED : MODEL_RUNTIME_ERROR, w->thread, line, "%s", text);
	return false;
}

/* EXC_HANDLED: a bare raise outside any except clause of its own code
 * re-raises what the innermost caller standing in one handles, as
 * CPython's raise re-raises the thread's sys.exc_info(). */
static bool __attribute__((noinline))
exc_handled(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    struct model_verdict *to)
{
	const struct lang_program *prog = w->m->prog;
	const struct lang_handling *h;
	int level;

	/* its own code first: a finally block on an exception's way */
	for (level = r->depth; level >= 0; level--) {
		const struct model_call *frame = level == r->depth ? NULL : &r->calls[level];
		int32_t func = frame != NULL ? frame->func : r->func;
		int32_t pc = frame != NULL ? frame->pc : r->pc;
		int32_t base = frame != NULL ? frame->base : r->base;
		const struct lang_code *code = lang_code_of(prog, r->group, func);

		h = lang_handling_at(code, pc - 1);
		if (h != NULL) {
			model_regs_push(r, r->slots[base + code->max_stack + h->slot]);
			return true;
		}
	}
	return raise_at(w, in, to, "RuntimeError: No active exception to reraise");
}

/* str(e) or repr(e) of the exception *v, which becomes that string. */
static void
exc_str(const struct model_world *w, struct model_value *v, int conv)
{
	const char *msg = lang_exc_message(model_strings_get(w->strings, v->i));
	char buf[MODEL_EXC_TEXT + 64];

	if (conv == 'r') {
		model_value_format(w->strings, v, buf, sizeof(buf));
		*v = model_value_make(MODEL_STR, model_strings_intern(w->strings, buf,
		    strlen(buf)));
		return;
	}
	*v = model_value_make(MODEL_STR, model_strings_intern(w->strings, msg, strlen(msg)));
}

/* str() of a list, tuple or dict (or its frozen repr), f"{x}" and
 * "{}".format(x): its repr, as print() writes it, which *v becomes; false
 * with the error if a format spec asks for more (CPython's objects take
 * none) or the text is longer than a string may be. */
static bool
object_str(const struct model_world *w, struct model_value *v, const char *spec,
    char *err, size_t errsize)
{
	char text[LANG_MAX_STRING_BYTES + 8];

	if (spec != NULL && spec[0] != '\0') {
		snprintf(err, errsize, "TypeError: unsupported format string passed to "
		    "%s.__format__", type_name(v));
		return false;
	}
	if (v->kind == MODEL_REPR) {
		snprintf(text, sizeof(text), "%s", model_strings_get(w->strings, v->i));
	} else if (w->heap != NULL) {
		if (w->heap->lock != NULL)
			w->heap->lock(w->heap->lock_arg);
		model_heap_repr(w->heap, w->strings, v, text, sizeof(text));
		if (w->heap->unlock != NULL)
			w->heap->unlock(w->heap->lock_arg);
	} else {
		model_value_format(w->strings, v, text, sizeof(text));
	}
	if (strlen(text) > LANG_MAX_STRING_BYTES) {
		snprintf(err, errsize, "MemoryError: a string longer than %d bytes",
		    LANG_MAX_STRING_BYTES);
		return false;
	}
	*v = model_value_make(MODEL_STR, model_strings_intern(w->strings, text,
	    strlen(text)));
	return true;
}

/* The value on top of the stack, for an instruction that has one (the
 * compiler's stack depths say which): worked out where it is read, not
 * before every instruction. */
static inline struct model_value *
regs_top(struct model_regs *r)
{
	return &r->stack[r->sp - 1];
}

/* The instruction's effect; pc is already past it.  Inlined into both
 * callers, so that model_eval_run's loop pays no call per instruction. */
static inline bool __attribute__((always_inline))
eval(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    struct model_verdict *to)
{
	const struct lang_program *prog = w->m->prog;
	struct model_value a, b, res;
	int operands, k;
	char err[200];

	switch ((enum lang_opcode)in->op) {
	case LANG_OP_PUSH_INT:
		model_regs_push(r, model_value_make(MODEL_INT, lang_insn_int(in)));
		return true;
	case LANG_OP_PUSH_STR:
		model_regs_push(r, model_value_make(MODEL_STR, in->a));
		return true;
	case LANG_OP_PUSH_BOOL:
		model_regs_push(r, model_value_make(MODEL_BOOL, in->a));
		return true;
	case LANG_OP_PUSH_NONE:
		model_regs_push(r, model_value_make(MODEL_NONE, 0));
		return true;
	case LANG_OP_PUSH_TID:
		model_regs_push(r, model_value_make(MODEL_INT, prog->threads[w->thread].tid));
		return true;
	case LANG_OP_PUSH_THREAD_NAME:
		/* a thread's own name never changes: local, not a step */
		model_regs_push(r, model_value_make(MODEL_STR, prog->threads[w->thread].name_str));
		return true;
	case LANG_OP_LOAD_LOCAL:
		if (r->locals[in->a].kind == MODEL_UNSET)
			return unbound(r, in, w, to);
		model_regs_push(r, r->locals[in->a]);
		return true;
	case LANG_OP_STORE_LOCAL:
		r->locals[in->a] = model_regs_pop(r);
		return true;
	case LANG_OP_DELETE_LOCAL:
		r->locals[in->a] = model_value_make(MODEL_UNSET, 0);
		return true;
	case LANG_OP_LOAD_CONST:
		/* no thread writes a constant: it keeps its declared value */
		model_regs_push(r, w->load_const(w->arg, model_element_of(w->m, in->a, 0)));
		return true;
	case LANG_OP_LOAD_CONST_ELEM:
		if (!model_eval_index(regs_top(r), prog->shared[in->a].length,
		    prog->shared[in->a].name, model_index_use(prog, in), w->thread,
		    (int)in->loc.line, &k, to))
			return false;
		model_regs_pop(r);
		model_regs_push(r, w->load_const(w->arg, model_element_of(w->m, in->a, k)));
		return true;
	case LANG_OP_BINARY:
		operands = (in->flags & LANG_IF_IMM) ? 1 : 2;
		b = (in->flags & LANG_IF_IMM) ? model_value_make(MODEL_INT, in->b) : *regs_top(r);
		a = r->stack[r->sp - operands];
		if (model_value_is_object(&a) || model_value_is_object(&b) ||
		    a.kind == MODEL_REPR || b.kind == MODEL_REPR) {
			bool ok;

			if (w->heap != NULL && w->heap->lock != NULL)
				w->heap->lock(w->heap->lock_arg);
			ok = binary_objects(w, (enum lang_binop)in->a,
			    (in->flags & LANG_IF_INPLACE) != 0, &a, &b, &res, err,
			    sizeof(err));
			if (w->heap != NULL && w->heap->unlock != NULL)
				w->heap->unlock(w->heap->lock_arg);
			if (!ok)
				return raise_at(w, in, to, err);
		} else if (!model_binary(w->strings, (enum lang_binop)in->a, &a, &b, &res,
		    err, sizeof(err)))
			return raise_at(w, in, to, err);
		while (operands-- > 0)
			model_regs_pop(r);
		model_regs_push(r, res);
		return true;
	case LANG_OP_UNARY:
		if (in->a == LANG_UN_NOT) {
			*regs_top(r) = model_value_make(MODEL_BOOL, !model_eval_truthy(w, regs_top(r)));
			return true;
		}
		if (!model_unary(w->strings, (enum lang_unop)in->a, regs_top(r), &res,
		    err, sizeof(err)))
			return raise_at(w, in, to, err);
		*regs_top(r) = res;
		return true;
	case LANG_OP_DUP:
		model_regs_push(r, *regs_top(r));
		return true;
	case LANG_OP_SWAP:
		a = *regs_top(r);
		*regs_top(r) = r->stack[r->sp - 2];
		r->stack[r->sp - 2] = a;
		return true;
	case LANG_OP_POP:
		model_regs_pop(r);
		return true;
	case LANG_OP_JUMP:
		r->pc = in->a;
		return true;
	case LANG_OP_JUMP_IF_FALSE:
	case LANG_OP_JUMP_IF_TRUE:
		a = model_regs_pop(r);
		if (model_eval_truthy(w, &a) == (in->op == LANG_OP_JUMP_IF_TRUE))
			r->pc = in->a;
		return true;
	case LANG_OP_JUMP_IF_FALSE_OR_POP:
	case LANG_OP_JUMP_IF_TRUE_OR_POP:
		if (model_eval_truthy(w, regs_top(r)) ==
		    (in->op == LANG_OP_JUMP_IF_TRUE_OR_POP))
			r->pc = in->a;
		else
			model_regs_pop(r);
		return true;
	case LANG_OP_FORMAT:
		a = *regs_top(r);
		k = in->b;
		if (a.kind == MODEL_EXC) {	/* its str() or repr(), as a string */
			exc_str(w, &a, k);
			k = 's';
		} else if (model_value_is_object(&a) || a.kind == MODEL_REPR) {
			if (!object_str(w, &a, in->a >= 0 ? prog->strings[in->a] : NULL, err,
			    sizeof(err)))
				return raise_at(w, in, to, err);
			k = 's';
		}
		if (!model_format(w->strings, &a, k, in->a >= 0 ? prog->strings[in->a] : NULL,
		    &res, err, sizeof(err)))
			return raise_at(w, in, to, err);
		*regs_top(r) = res;
		return true;
	case LANG_OP_BUILD_STRING:
		if (!model_join(w->strings, &r->stack[r->sp - in->a], in->a, &res, err,
		    sizeof(err)))
			return raise_at(w, in, to, err);
		for (k = 0; k < in->a; k++)
			model_regs_pop(r);
		model_regs_push(r, res);
		return true;
	case LANG_OP_ASSERT:
		if (!model_eval_truthy(w, &r->stack[r->sp - 1 - (in->b ? 1 : 0)]))
			return assert_failed(r, w, in, to);
		model_regs_pop(r);
		if (in->b)
			model_regs_pop(r);
		return true;
	case LANG_OP_EXC_NEW:
		return exc_new(r, in, w);
	case LANG_OP_THROW:
		return raise_exc(r, in, w, to);
	case LANG_OP_EXC_HANDLED:
		return exc_handled(r, in, w, to);
	case LANG_OP_EXC_MATCH:
		a = model_regs_pop(r);
		model_regs_push(r, model_value_make(MODEL_BOOL, a.kind == MODEL_EXC &&
		    lang_exc_derives(&w->m->prog->own_exceptions, lang_exc_of_text(
		    &w->m->prog->own_exceptions, model_strings_get(w->strings, a.i)), in->a)));
		return true;
	case LANG_OP_CALL_FUNCTION:
		return call_function(r, in, w, to);
	case LANG_OP_RETURN:
		return_from(r, w);
		return true;
	LANG_CASES_HEAP_OPS
		return heap_op(r, in, w, to);
	LANG_CASES_VISIBLE_OPS
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_COUNT:
		break;
	}
	return raise_at(w, in, to, "internal error: not a local instruction");
}

int
model_eval_print_pieces(const struct lang_insn *in)
{
	return print_pieces(in->a);
}

bool
model_eval_print_raises(const struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to)
{
	char sep[280], end[280];

	return !print_keywords(r, w, in, sep, end, sizeof(sep), to);
}

bool
model_eval_print(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    int piece, struct model_verdict *to)
{
	int i, pops, pushes;

	if (!print_piece(r, w, in, piece, to))
		return false;
	lang_insn_stack_effect(in, &pops, &pushes);
	if (piece == print_pieces(in->a) - 1)
		for (i = 0; i < pops; i++)
			model_regs_pop(r);
	return true;
}

bool
model_eval_local(struct model_regs *r, const struct lang_insn *in,
    const struct model_world *w, struct model_verdict *to)
{
	int32_t pc = r->pc;

	r->pc++;
	if (eval(r, in, w, to))
		return true;
	r->pc = pc;
	return false;
}

/* ---- a run of local instructions ---- */

/* Whether an opcode computes on the registers alone (VIS 0 in LANG_OPS):
 * not a step, not an atomic block's edge or END, not a heap operation,
 * whose object may be one other threads reach.  A table the loop below
 * reads without a call. */
static const bool computes_alone[LANG_OP_COUNT] = {
#define X(id, name, vis) [LANG_OP_##id] = (vis) == 0,
	LANG_OPS(X)
#undef X
};

enum model_eval_stop
model_eval_run(struct model_regs *r, const struct model_world *w, int budget, int *ran,
    struct model_verdict *to)
{
	const struct lang_code *code = model_regs_code(w->m->prog, r);
	int n;

	for (n = 0; n < budget; n++) {
		const struct lang_insn *in = &code->insns[r->pc];
		int32_t pc = r->pc;

		if (!computes_alone[in->op]) {
			*ran = n;
			return MODEL_EVAL_AT_STEP;
		}
		r->pc++;
		if (!eval(r, in, w, to)) {
			r->pc = pc;
			*ran = n;
			return MODEL_EVAL_RAISED;
		}
		if (in->op == LANG_OP_CALL_FUNCTION || in->op == LANG_OP_RETURN)
			code = model_regs_code(w->m->prog, r);	/* another code runs now */
	}
	*ran = n;
	return MODEL_EVAL_BUDGET;
}
