#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "model/internal.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

int
model_strings_intern(struct model_strings *s, const char *text, size_t len)
{
	size_t i;
	int id;

	if (s->lock != NULL)
		s->lock(s->lock_arg);
	for (i = 0; i < s->count; i++)
		if (strlen(s->items[i]) == len && memcmp(s->items[i], text, len) == 0)
			break;
	if (i == s->count) {
		s->items = xgrow(s->items, &s->cap, s->count + 1, sizeof(char *));
		s->items[s->count++] = xstrndup(text, len);
	}
	id = (int)i;
	if (s->unlock != NULL)
		s->unlock(s->lock_arg);
	return id;
}

void
model_strings_free(struct model_strings *s)
{
	size_t i;

	for (i = 0; i < s->count; i++)
		free(s->items[i]);
	free(s->items);
	s->items = NULL;
	s->count = s->cap = 0;
}

/* Under the lock too: another thread's interning may move items. */
const char *
model_strings_get(const struct model_strings *s, int64_t id)
{
	const char *text;

	if (s->lock != NULL)
		s->lock(s->lock_arg);
	text = id >= 0 && (size_t)id < s->count ? s->items[id] : "?";
	if (s->unlock != NULL)
		s->unlock(s->lock_arg);
	return text;
}

static const char *
type_name(const struct model_value *v)
{
	switch ((enum model_kind)v->kind) {
	case MODEL_INT: return "int";
	case MODEL_BOOL: return "bool";
	case MODEL_STR: return "str";
	case MODEL_NONE:
	case MODEL_UNSET:
		break;
	}
	return "NoneType";
}

static bool
is_number(const struct model_value *v)
{
	return v->kind == MODEL_INT || v->kind == MODEL_BOOL;
}

bool
model_value_truthy(const struct model_strings *s, const struct model_value *v)
{
	switch ((enum model_kind)v->kind) {
	case MODEL_INT:
	case MODEL_BOOL:
		return v->i != 0;
	case MODEL_STR:
		return model_strings_get(s, v->i)[0] != '\0';
	case MODEL_NONE:
	case MODEL_UNSET:
		break;
	}
	return false;
}

bool
model_value_equal(const struct model_value *a, const struct model_value *b)
{
	if (is_number(a) && is_number(b))
		return a->i == b->i;
	return a->kind == b->kind && a->i == b->i;
}

static void
set_int(struct model_value *out, int64_t i)
{
	out->kind = MODEL_INT;
	out->pad = 0;
	out->i = i;
}

static void
set_bool(struct model_value *out, bool b)
{
	out->kind = MODEL_BOOL;
	out->pad = 0;
	out->i = b;
}

static bool
arith(enum lang_binop op, int64_t a, int64_t b, int64_t *r, char *err, size_t errsize)
{
	bool overflow = false;

	switch (op) {
	case LANG_BIN_ADD:
		overflow = __builtin_add_overflow(a, b, r);
		break;
	case LANG_BIN_SUB:
		overflow = __builtin_sub_overflow(a, b, r);
		break;
	case LANG_BIN_MUL:
		overflow = __builtin_mul_overflow(a, b, r);
		break;
	case LANG_BIN_FLOORDIV:
	case LANG_BIN_MOD:
		if (b == 0) {
			snprintf(err, errsize, "ZeroDivisionError: integer division or "
			    "modulo by zero");
			return false;
		}
		if (a == INT64_MIN && b == -1) {
			overflow = true;
			break;
		}
		{
			int64_t q = a / b, m = a % b;

			if (m != 0 && ((m < 0) != (b < 0))) {
				q--;
				m += b;
			}
			*r = op == LANG_BIN_FLOORDIV ? q : m;
		}
		break;
	case LANG_BIN_EQ:
	case LANG_BIN_NE:
	case LANG_BIN_LT:
	case LANG_BIN_LE:
	case LANG_BIN_GT:
	case LANG_BIN_GE:
	case LANG_BIN_COUNT:
		snprintf(err, errsize, "internal error: %s is not arithmetic",
		    lang_binop_symbol(op));
		return false;
	}
	if (overflow) {
		snprintf(err, errsize, "OverflowError: the result does not fit in 64 bits");
		return false;
	}
	return true;
}

static bool
concat(struct model_strings *s, const struct model_value *a, const struct model_value *b,
    int64_t times, struct model_value *out, char *err, size_t errsize)
{
	const char *x = model_strings_get(s, a->i);
	const char *y = b != NULL ? model_strings_get(s, b->i) : "";
	size_t lx = strlen(x), ly = strlen(y), total;
	char buf[LANG_MAX_STRING_BYTES + 1];
	int64_t k;

	if (b == NULL) {
		if (times < 0)
			times = 0;
		total = times > LANG_MAX_STRING_BYTES ? LANG_MAX_STRING_BYTES + 1 :
		    lx * (size_t)times;
	} else {
		total = lx + ly;
	}
	if (total > LANG_MAX_STRING_BYTES) {
		snprintf(err, errsize, "MemoryError: a string longer than %d bytes",
		    LANG_MAX_STRING_BYTES);
		return false;
	}
	if (b == NULL) {
		for (k = 0; k < times; k++)
			memcpy(buf + (size_t)k * lx, x, lx);
	} else {
		memcpy(buf, x, lx);
		memcpy(buf + lx, y, ly);
	}
	out->kind = MODEL_STR;
	out->pad = 0;
	out->i = model_strings_intern(s, buf, total);
	return true;
}

bool
model_binary(struct model_strings *s, enum lang_binop op, const struct model_value *a,
    const struct model_value *b, struct model_value *out, char *err, size_t errsize)
{
	int64_t r;
	int cmp;

	if (op == LANG_BIN_EQ || op == LANG_BIN_NE) {
		bool eq = model_value_equal(a, b);

		set_bool(out, op == LANG_BIN_EQ ? eq : !eq);
		return true;
	}
	if (op >= LANG_BIN_LT) {
		if (is_number(a) && is_number(b)) {
			cmp = (a->i > b->i) - (a->i < b->i);
		} else if (a->kind == MODEL_STR && b->kind == MODEL_STR) {
			cmp = strcmp(model_strings_get(s, a->i), model_strings_get(s, b->i));
		} else {
			snprintf(err, errsize, "TypeError: '%s' not supported between "
			    "instances of '%s' and '%s'", lang_binop_symbol(op),
			    type_name(a), type_name(b));
			return false;
		}
		switch (op) {
		case LANG_BIN_LT: set_bool(out, cmp < 0); break;
		case LANG_BIN_LE: set_bool(out, cmp <= 0); break;
		case LANG_BIN_GT: set_bool(out, cmp > 0); break;
		case LANG_BIN_GE: set_bool(out, cmp >= 0); break;
		case LANG_BIN_ADD:
		case LANG_BIN_SUB:
		case LANG_BIN_MUL:
		case LANG_BIN_FLOORDIV:
		case LANG_BIN_MOD:
		case LANG_BIN_EQ:
		case LANG_BIN_NE:
		case LANG_BIN_COUNT:
			break;
		}
		return true;
	}
	if (is_number(a) && is_number(b)) {
		if (!arith(op, a->i, b->i, &r, err, errsize))
			return false;
		set_int(out, r);
		return true;
	}
	if (op == LANG_BIN_ADD && a->kind == MODEL_STR && b->kind == MODEL_STR)
		return concat(s, a, b, 0, out, err, errsize);
	if (op == LANG_BIN_MUL && a->kind == MODEL_STR && is_number(b))
		return concat(s, a, NULL, b->i, out, err, errsize);
	if (op == LANG_BIN_MUL && is_number(a) && b->kind == MODEL_STR)
		return concat(s, b, NULL, a->i, out, err, errsize);
	snprintf(err, errsize, "TypeError: unsupported operand type(s) for %s: "
	    "'%s' and '%s'", lang_binop_symbol(op), type_name(a), type_name(b));
	return false;
}

void
model_value_format(const struct model_strings *s, const struct model_value *v,
    char *buf, size_t size)
{
	switch ((enum model_kind)v->kind) {
	case MODEL_INT:
		snprintf(buf, size, "%lld", (long long)v->i);
		break;
	case MODEL_BOOL:
		snprintf(buf, size, "%s", v->i ? "True" : "False");
		break;
	case MODEL_STR:
		/* a string from the scenario file: shown, never obeyed */
		sanitize_repr_into(buf, size, model_strings_get(s, v->i));
		break;
	case MODEL_NONE:
		snprintf(buf, size, "None");
		break;
	case MODEL_UNSET:
		snprintf(buf, size, "<unset>");
		break;
	}
}

bool
model_unary(const struct model_strings *s, enum lang_unop op, const struct model_value *a,
    struct model_value *out, char *err, size_t errsize)
{
	switch (op) {
	case LANG_UN_NOT:
		set_bool(out, !model_value_truthy(s, a));
		return true;
	case LANG_UN_NEG:
		if (!is_number(a)) {
			snprintf(err, errsize, "TypeError: bad operand type for unary -");
			return false;
		}
		if (a->i == INT64_MIN) {
			snprintf(err, errsize, "OverflowError: the result does not fit in 64 bits");
			return false;
		}
		set_int(out, -a->i);
		return true;
	}
	snprintf(err, errsize, "internal error: not a unary operator");
	return false;
}
