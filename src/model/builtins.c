/* builtins.c - Python's builtins over an iterable: sum, min, max, any, all,
 * sorted, list, tuple, abs, and a dict's items(), keys(), values().
 *
 * Each is one heap operation (LANG_OP_BUILTIN), so it reads the whole
 * object in one step when the object is shared, as CPython's C loop does
 * under the GIL, and is local computation when it is not.  The order of
 * the comparisons is CPython's (min with '<', max with '>', sorted with
 * timsort's run count then binary insertion, which is all timsort does
 * below 64 items), so that a TypeError between mixed items names the
 * same pair, in the same order, as python3 does.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "lang/limits.h"
#include "model/eval.h"
#include "model/internal.h"

/* A string's characters, each a string (as iterating it gives them). */
static bool
characters(const struct model_world *w, const struct model_value *str,
    struct model_value *items, int *n, char *err, size_t errsize)
{
	const char *text = model_strings_get(w->strings, str->i);
	size_t at = 0, len;

	*n = 0;
	while (text[at] != '\0') {
		unsigned char lead = (unsigned char)text[at];

		len = lead < 0xc0 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
		if (strnlen(text + at, len) < len)
			len = strlen(text + at);
		if (*n == LANG_MAX_HEAP_ITEMS) {
			snprintf(err, errsize, "MemoryError: lockstep's lists hold at most %d "
			    "items", LANG_MAX_HEAP_ITEMS);
			return false;
		}
		items[(*n)++] = model_value_make(MODEL_STR,
		    model_strings_intern(w->strings, text + at, len));
		at += len;
	}
	return true;
}

/* The items of the operand, copied out (a new object may move the heap's
 * cells); false with CPython's TypeError for what is not iterable. */
static bool
items_of(const struct model_world *w, const struct model_value *obj,
    struct model_value *items, int *n, char *err, size_t errsize)
{
	struct model_heap *h = w->heap;
	int i, count;

	if (obj->kind == MODEL_STR)
		return characters(w, obj, items, n, err, errsize);
	if (!model_value_is_object(obj)) {
		snprintf(err, errsize, "TypeError: '%s' object is not iterable",
		    model_eval_type_name(obj));
		return false;
	}
	count = model_heap_count(h, obj);
	for (i = 0; i < count; i++)
		items[i] = model_heap_item(h, obj, obj->kind == MODEL_DICT ? 2 * i : i);
	*n = count;
	return true;
}

/* Python's a < b (op LT) or a > b (op GT) on ints, strings and tuples or
 * lists of them, as CPython's rich comparison: a sequence compares its
 * first unequal items, else its length. */
static bool
compare(const struct model_world *w, enum lang_binop op, const struct model_value *a,
    const struct model_value *b, bool *out, char *err, size_t errsize)
{
	bool num_a = a->kind == MODEL_INT || a->kind == MODEL_BOOL;
	bool num_b = b->kind == MODEL_INT || b->kind == MODEL_BOOL;
	int i, na, nb;

	if (num_a && num_b) {
		*out = op == LANG_BIN_LT ? a->i < b->i : a->i > b->i;
		return true;
	}
	if (a->kind == MODEL_STR && b->kind == MODEL_STR) {
		int d = strcmp(model_strings_get(w->strings, a->i),
		    model_strings_get(w->strings, b->i));

		*out = op == LANG_BIN_LT ? d < 0 : d > 0;
		return true;
	}
	if (a->kind == b->kind && (a->kind == MODEL_TUPLE || a->kind == MODEL_LIST)) {
		na = model_heap_len(w->heap, a);
		nb = model_heap_len(w->heap, b);
		for (i = 0; i < na && i < nb; i++) {
			struct model_value x = model_heap_item(w->heap, a, i);
			struct model_value y = model_heap_item(w->heap, b, i);

			if (!model_heap_equal(w->heap, w->strings, &x, &y))
				return compare(w, op, &x, &y, out, err, errsize);
		}
		*out = op == LANG_BIN_LT ? na < nb : na > nb;
		return true;
	}
	snprintf(err, errsize, "TypeError: '%s' not supported between instances of '%s' "
	    "and '%s'", lang_binop_symbol(op), model_eval_type_name(a),
	    model_eval_type_name(b));
	return false;
}

static bool
extreme(const struct model_world *w, enum lang_builtin which, const struct model_value *items,
    int n, struct model_value *out, char *err, size_t errsize)
{
	enum lang_binop op = which == LANG_BUILTIN_MIN ? LANG_BIN_LT : LANG_BIN_GT;
	bool better;
	int i;

	if (n == 0) {
		snprintf(err, errsize, "ValueError: %s() arg is an empty sequence",
		    lang_builtin_name(which));
		return false;
	}
	*out = items[0];
	for (i = 1; i < n; i++) {
		if (!compare(w, op, &items[i], out, &better, err, errsize))
			return false;
		if (better)
			*out = items[i];
	}
	return true;
}

static void
reverse(struct model_value *v, int n)
{
	int i;

	for (i = 0; i < n / 2; i++) {
		struct model_value t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
}

/* CPython's list.sort below 64 items: the leading run (reversed if it
 * descends strictly), then binary insertion of the rest, with '<' only;
 * reverse=True reverses before and after, which keeps it stable. */
static bool
sort(const struct model_world *w, struct model_value *v, int n, bool descending_wanted,
    char *err, size_t errsize)
{
	bool lt, descending = false;
	int run = 1, i, l, r, p;

	if (descending_wanted)
		reverse(v, n);
	if (n > 1) {
		if (!compare(w, LANG_BIN_LT, &v[1], &v[0], &descending, err, errsize))
			return false;
		for (run = 2; run < n; run++) {
			if (!compare(w, LANG_BIN_LT, &v[run], &v[run - 1], &lt, err, errsize))
				return false;
			if (lt != descending)
				break;
		}
		if (descending)
			reverse(v, run);
	}
	for (i = run; i < n; i++) {
		struct model_value pivot = v[i];

		l = 0;
		r = i;
		do {
			p = l + ((r - l) >> 1);
			if (!compare(w, LANG_BIN_LT, &pivot, &v[p], &lt, err, errsize))
				return false;
			if (lt)
				r = p;
			else
				l = p + 1;
		} while (l < r);
		memmove(&v[l + 1], &v[l], (size_t)(i - l) * sizeof(*v));
		v[l] = pivot;
	}
	if (descending_wanted)
		reverse(v, n);
	return true;
}

/* sum(items, start): start + item, one by one, by the one '+' */
static bool
sum(const struct model_world *w, const struct model_value *items, int n,
    const struct model_value *start, struct model_value *out, char *err, size_t errsize)
{
	int i;

	if (start->kind == MODEL_STR) {
		snprintf(err, errsize, "TypeError: sum() can't sum strings [use ''.join(seq) "
		    "instead]");
		return false;
	}
	*out = *start;
	for (i = 0; i < n; i++)
		if (!model_eval_binary(w, LANG_BIN_ADD, out, &items[i], out, err, errsize))
			return false;
	return true;
}

/* int(x): an int or bool as an int; a string of decimal digits (spaces
 * around, a sign, single underscores between digits) as CPython reads it. */
static bool
to_int(const struct model_world *w, const struct model_value *v, struct model_value *out,
    char *err, size_t errsize)
{
	const char *text, *p;
	struct model_value repr;
	bool negative = false, digits = false;
	uint64_t n = 0;

	if (v->kind == MODEL_INT || v->kind == MODEL_BOOL) {
		*out = model_value_make(MODEL_INT, v->i);
		return true;
	}
	if (v->kind != MODEL_STR) {
		snprintf(err, errsize, "TypeError: int() argument must be a string, a "
		    "bytes-like object or a real number, not '%s'", model_eval_type_name(v));
		return false;
	}
	p = text = model_strings_get(w->strings, v->i);
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (*p == '+' || *p == '-')
		negative = *p++ == '-';
	for (; (*p >= '0' && *p <= '9') || (*p == '_' && digits && p[1] >= '0' &&
	    p[1] <= '9'); p++) {
		if (*p == '_')
			continue;
		digits = true;
		if (n > (UINT64_C(1) << 63) / 10 + 1) {
			snprintf(err, errsize, "OverflowError: the result does not fit in 64 bits");
			return false;
		}
		n = n * 10 + (uint64_t)(*p - '0');
	}
	while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
		p++;
	if (!digits || *p != '\0') {
		if (!model_format(w->strings, v, 'r', "", &repr, err, errsize))
			return false;
		snprintf(err, errsize, "ValueError: invalid literal for int() with base 10: %s",
		    model_strings_get(w->strings, repr.i));
		return false;
	}
	if (n > (uint64_t)INT64_MAX + negative) {
		snprintf(err, errsize, "OverflowError: the result does not fit in 64 bits");
		return false;
	}
	*out = model_value_make(MODEL_INT, negative ? (int64_t)(0 - n) : (int64_t)n);
	return true;
}

/* d.items(): a list of (key, value) tuples, d.values() of the values. */
static bool
dict_view(const struct model_world *w, enum lang_builtin which, const struct model_value *d,
    struct model_value *items, int *n, char *err, size_t errsize)
{
	int i, count;

	if (d->kind != MODEL_DICT) {
		snprintf(err, errsize, "AttributeError: '%s' object has no attribute '%s'",
		    model_eval_type_name(d), lang_builtin_name(which));
		return false;
	}
	count = model_heap_count(w->heap, d);
	for (i = 0; i < count; i++) {
		struct model_value pair[2];

		pair[0] = model_heap_item(w->heap, d, 2 * i);
		pair[1] = model_heap_item(w->heap, d, 2 * i + 1);
		if (which == LANG_BUILTIN_VALUES)
			items[i] = pair[1];
		else if (which == LANG_BUILTIN_KEYS)
			items[i] = pair[0];
		else if (!model_heap_new_object(w->heap, MODEL_TUPLE, pair, 2, &items[i], err,
		    errsize))
			return false;
	}
	*n = count;
	return true;
}

bool
model_builtin(struct model_regs *r, const struct lang_insn *in, const struct model_world *w,
    char *err, size_t errsize)
{
	enum lang_builtin which = (enum lang_builtin)in->a;
	const struct model_value *top = &r->stack[r->sp - 1];
	struct model_value items[LANG_MAX_HEAP_ITEMS], res, start;
	bool truth;
	int n = 0, i;

	switch (which) {
	case LANG_BUILTIN_ABS:
		if (top->kind != MODEL_INT && top->kind != MODEL_BOOL) {
			snprintf(err, errsize, "TypeError: bad operand type for abs(): '%s'",
			    model_eval_type_name(top));
			return false;
		}
		if (top->i == INT64_MIN) {
			snprintf(err, errsize, "OverflowError: the result does not fit in 64 bits");
			return false;
		}
		res = model_value_make(MODEL_INT, top->i < 0 ? -top->i : top->i);
		break;
	case LANG_BUILTIN_INT:
		if (!to_int(w, top, &res, err, errsize))
			return false;
		break;
	case LANG_BUILTIN_ITEMS:
	case LANG_BUILTIN_KEYS:
	case LANG_BUILTIN_VALUES:
		if (!dict_view(w, which, top, items, &n, err, errsize) ||
		    !model_heap_new_object(w->heap, MODEL_LIST, items, n, &res, err, errsize))
			return false;
		break;
	case LANG_BUILTIN_SUM:
	case LANG_BUILTIN_MIN:
	case LANG_BUILTIN_MAX:
	case LANG_BUILTIN_ANY:
	case LANG_BUILTIN_ALL:
	case LANG_BUILTIN_SORTED:
	case LANG_BUILTIN_LIST:
	case LANG_BUILTIN_TUPLE:
		if (!items_of(w, top, items, &n, err, errsize))
			return false;
		switch (which) {
		case LANG_BUILTIN_SUM:
			start = in->b ? r->stack[r->sp - 2] : model_value_make(MODEL_INT, 0);
			if (!sum(w, items, n, &start, &res, err, errsize))
				return false;
			break;
		case LANG_BUILTIN_MIN:
		case LANG_BUILTIN_MAX:
			if (!extreme(w, which, items, n, &res, err, errsize))
				return false;
			break;
		case LANG_BUILTIN_ANY:
		case LANG_BUILTIN_ALL:
			truth = which == LANG_BUILTIN_ALL;
			for (i = 0; i < n; i++)
				if (model_eval_truthy(w, &items[i]) != (which == LANG_BUILTIN_ALL)) {
					truth = !truth;
					break;
				}
			res = model_value_make(MODEL_BOOL, truth);
			break;
		case LANG_BUILTIN_SORTED:
			if (!sort(w, items, n, in->b && model_eval_truthy(w, &r->stack[r->sp - 2]),
			    err, errsize))
				return false;
			__attribute__((fallthrough));
		case LANG_BUILTIN_LIST:
		case LANG_BUILTIN_TUPLE:
			if (!model_heap_new_object(w->heap, which == LANG_BUILTIN_TUPLE ?
			    MODEL_TUPLE : MODEL_LIST, items, n, &res, err, errsize))
				return false;
			break;
		case LANG_BUILTIN_ABS:
		case LANG_BUILTIN_INT:
		case LANG_BUILTIN_ITEMS:
		case LANG_BUILTIN_KEYS:
		case LANG_BUILTIN_VALUES:
		case LANG_BUILTIN_COUNT:
			break;
		}
		break;
	case LANG_BUILTIN_COUNT:
		snprintf(err, errsize, "internal error: no such builtin");
		return false;
	}
	for (i = 0; i <= in->b; i++)
		model_regs_pop(r);
	model_regs_push(r, res);
	return true;
}
