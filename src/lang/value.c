/* value.c - the operators' semantics on values (see value.h). */
#include "config.h"

#include "lang/value.h"

#include <stdio.h>
#include <string.h>

#include "lang/limits.h"

const char *
lang_value_type_name(const struct lang_value *v)
{
	switch (v->kind) {
	case LANG_VAL_INT: return "int";
	case LANG_VAL_BOOL: return "bool";
	case LANG_VAL_STR: return "str";
	case LANG_VAL_NONE:
		break;
	}
	return "NoneType";
}

static bool
is_number(const struct lang_value *v)
{
	return v->kind == LANG_VAL_INT || v->kind == LANG_VAL_BOOL;
}

bool
lang_value_truthy(const struct lang_value_strings *s, const struct lang_value *v)
{
	switch (v->kind) {
	case LANG_VAL_INT:
	case LANG_VAL_BOOL:
		return v->i != 0;
	case LANG_VAL_STR:
		return s->get(s->arg, v->i)[0] != '\0';
	case LANG_VAL_NONE:
		break;
	}
	return false;
}

bool
lang_value_equal(const struct lang_value *a, const struct lang_value *b)
{
	if (is_number(a) && is_number(b))
		return a->i == b->i;
	return a->kind == b->kind && a->i == b->i;
}

static void
set_int(struct lang_value *out, int64_t i)
{
	out->kind = LANG_VAL_INT;
	out->i = i;
}

static void
set_bool(struct lang_value *out, bool b)
{
	out->kind = LANG_VAL_BOOL;
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
concat(const struct lang_value_strings *s, const struct lang_value *a, const struct lang_value *b,
    int64_t times, struct lang_value *out, char *err, size_t errsize)
{
	const char *x = s->get(s->arg, a->i);
	const char *y = b != NULL ? s->get(s->arg, b->i) : "";
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
	out->kind = LANG_VAL_STR;
	out->i = s->intern(s->arg, buf, total);
	return true;
}

bool
lang_value_binary(const struct lang_value_strings *s, enum lang_binop op, const struct lang_value *a,
    const struct lang_value *b, struct lang_value *out, char *err, size_t errsize)
{
	int64_t r;
	int cmp;

	if (op == LANG_BIN_EQ || op == LANG_BIN_NE) {
		bool eq = lang_value_equal(a, b);

		set_bool(out, op == LANG_BIN_EQ ? eq : !eq);
		return true;
	}
	if (op >= LANG_BIN_LT) {
		if (is_number(a) && is_number(b)) {
			cmp = (a->i > b->i) - (a->i < b->i);
		} else if (a->kind == LANG_VAL_STR && b->kind == LANG_VAL_STR) {
			cmp = strcmp(s->get(s->arg, a->i), s->get(s->arg, b->i));
		} else {
			snprintf(err, errsize, "TypeError: '%s' not supported between "
			    "instances of '%s' and '%s'", lang_binop_symbol(op),
			    lang_value_type_name(a), lang_value_type_name(b));
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
	if (op == LANG_BIN_ADD && a->kind == LANG_VAL_STR && b->kind == LANG_VAL_STR)
		return concat(s, a, b, 0, out, err, errsize);
	if (op == LANG_BIN_MUL && a->kind == LANG_VAL_STR && is_number(b))
		return concat(s, a, NULL, b->i, out, err, errsize);
	if (op == LANG_BIN_MUL && is_number(a) && b->kind == LANG_VAL_STR)
		return concat(s, b, NULL, a->i, out, err, errsize);
	snprintf(err, errsize, "TypeError: unsupported operand type(s) for %s: "
	    "'%s' and '%s'", lang_binop_symbol(op), lang_value_type_name(a), lang_value_type_name(b));
	return false;
}


bool
lang_value_unary(const struct lang_value_strings *s, enum lang_unop op, const struct lang_value *a,
    struct lang_value *out, char *err, size_t errsize)
{
	switch (op) {
	case LANG_UN_NOT:
		set_bool(out, !lang_value_truthy(s, a));
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
