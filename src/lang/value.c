/* value.c - the operators' semantics on values (see value.h). */
#include "config.h"

#include "lang/value.h"

#include <stdio.h>
#include <string.h>

#include "lang/limits.h"
#include "util/sanitize.h"

const char *
lang_value_type_name(const struct lang_value *v)
{
	switch (v->kind) {
	case LANG_VAL_INT: return "int";
	case LANG_VAL_BOOL: return "bool";
	case LANG_VAL_STR: return "str";
	case LANG_VAL_OBJECT: return "object";	/* never folded (program.h) */
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
	case LANG_VAL_OBJECT:	/* never folded (program.h) */
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
		if (b == 0) {	/* CPython 3.11's words, which differ for % */
			snprintf(err, errsize, "ZeroDivisionError: %s", op == LANG_BIN_MOD ?
			    "integer modulo by zero" : "integer division or modulo by zero");
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
	if (op == LANG_BIN_MOD && a->kind == LANG_VAL_STR) {
		/* Python would format: say so rather than raise its TypeError */
		snprintf(err, errsize, "NotImplementedError: '%%' formatting of strings is not "
		    "supported by lockstep; write an f-string");
		return false;
	}
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

/* ---- strings: str(), repr(), format(), len() ---- */

static bool
too_long(size_t len, char *err, size_t errsize)
{
	if (len <= LANG_MAX_STRING_BYTES)
		return false;
	snprintf(err, errsize, "MemoryError: a string longer than %d bytes",
	    LANG_MAX_STRING_BYTES);
	return true;
}

/* Characters (code points) in the UTF-8 text s[0..len). */
static size_t
char_count(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static bool
is_align(char c)
{
	return c == '<' || c == '>' || c == '^' || c == '=';
}

static size_t
utf8_char_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
}

static bool
spec_number(const char **p, int *out, char *err, size_t errsize)
{
	long v = 0;

	while (**p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		if (v > 100000) {
			snprintf(err, errsize, "ValueError: too many decimal digits in format "
			    "string");
			return false;
		}
		(*p)++;
	}
	*out = (int)v;
	return true;
}

bool
lang_format_spec_parse(const char *spec, struct lang_format_spec *out, char *err,
    size_t errsize)
{
	const char *p = spec;
	size_t n = utf8_char_len((unsigned char)*p);

	memset(out, 0, sizeof(*out));
	out->precision = -1;
	if (*p != '\0' && strlen(p) > n && is_align(p[n])) {
		memcpy(out->fill, p, n);
		out->align = p[n];
		p += n + 1;
	} else if (is_align(*p)) {
		out->align = *p++;
	}
	if (*p == '+' || *p == '-' || *p == ' ')
		out->sign = *p++;
	if (*p == '#') {
		out->alternate = true;
		p++;
	}
	if (*p == '0') {
		out->zero = true;
		p++;
	}
	if (!spec_number(&p, &out->width, err, errsize))
		return false;
	if (*p == ',' || *p == '_')
		out->grouping = *p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9') {
			snprintf(err, errsize, "ValueError: Format specifier missing precision");
			return false;
		}
		if (!spec_number(&p, &out->precision, err, errsize))
			return false;
	}
	if (*p != '\0')
		out->type = *p++;
	if (*p != '\0') {
		snprintf(err, errsize, "ValueError: Invalid format specifier '%s'", spec);
		return false;
	}
	switch (out->type) {
	case 0: case 's': case 'd': case 'x': case 'X': case 'o': case 'b': case 'f': case 'F':
		return true;
	case 'e': case 'E': case 'g': case 'G': case 'n': case '%': case 'c':
		snprintf(err, errsize, "the format type '%c' is not supported (lockstep "
		    "formats ints and strings: s d x X o b f F)", out->type);
		return false;
	default:
		snprintf(err, errsize, "ValueError: Unknown format code '%c'", out->type);
		return false;
	}
}

/* digits grouped by sep every k from the right. */
static void
group_digits(const char *digits, char sep, int k, char *out, size_t size)
{
	size_t n = strlen(digits), i, o = 0;

	for (i = 0; i < n && o + 2 < size; i++) {
		if (i > 0 && (n - i) % (size_t)k == 0)
			out[o++] = sep;
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* Pad body (width in characters) into buf as spec says, the sign and
 * prefix before any '=' padding. */
static bool
pad(const struct lang_format_spec *spec, char default_align, const char *prefix,
    const char *body, size_t body_len, struct lang_value_strings const *s,
    struct lang_value *out, char *err, size_t errsize)
{
	char buf[LANG_MAX_STRING_BYTES + 1];
	const char *fill = spec->fill[0] != '\0' ? spec->fill : spec->zero ? "0" : " ";
	char align = spec->align != 0 ? spec->align : spec->zero && default_align == '>' ?
	    '=' : default_align;
	size_t chars = char_count(prefix, strlen(prefix)) + char_count(body, body_len);
	size_t padding = (size_t)spec->width > chars ? (size_t)spec->width - chars : 0;
	size_t before = align == '<' ? 0 : align == '^' ? padding / 2 : padding;
	size_t after = padding - before, flen = strlen(fill), len = 0, i;

	if (too_long(strlen(prefix) + body_len + padding * flen, err, errsize))
		return false;
	if (align == '=') {
		memcpy(buf, prefix, strlen(prefix));
		len = strlen(prefix);
	}
	for (i = 0; i < before; i++, len += flen)
		memcpy(buf + len, fill, flen);
	if (align != '=') {
		memcpy(buf + len, prefix, strlen(prefix));
		len += strlen(prefix);
	}
	memcpy(buf + len, body, body_len);
	len += body_len;
	for (i = 0; i < after; i++, len += flen)
		memcpy(buf + len, fill, flen);
	out->kind = LANG_VAL_STR;
	out->i = s->intern(s->arg, buf, len);
	return true;
}

static bool
format_str(const struct lang_value_strings *s, const char *text,
    const struct lang_format_spec *spec, struct lang_value *out, char *err, size_t errsize)
{
	size_t len = strlen(text);

	if (spec->type != 0 && spec->type != 's') {
		snprintf(err, errsize, "ValueError: Unknown format code '%c' for object of "
		    "type 'str'", spec->type);
		return false;
	}
	if (spec->sign != 0) {
		snprintf(err, errsize, "ValueError: Sign not allowed in string format specifier");
		return false;
	}
	if (spec->alternate) {
		snprintf(err, errsize, "ValueError: Alternate form (#) not allowed in string "
		    "format specifier");
		return false;
	}
	if (spec->align == '=') {
		snprintf(err, errsize, "ValueError: '=' alignment not allowed in string format "
		    "specifier");
		return false;
	}
	if (spec->grouping != 0) {
		snprintf(err, errsize, "ValueError: Cannot specify '%c' with 's'.", spec->grouping);
		return false;
	}
	if (spec->precision >= 0) {
		size_t i, n = 0;

		for (i = 0; i < len; i++)
			if (((unsigned char)text[i] & 0xc0) != 0x80 && n++ == (size_t)spec->precision)
				break;
		len = i;
	}
	return pad(spec, '<', "", text, len, s, out, err, errsize);
}

static bool
format_int(const struct lang_value_strings *s, int64_t v, const char *type_name,
    const struct lang_format_spec *spec, struct lang_value *out, char *err, size_t errsize)
{
	char digits[400], grouped[600], body[1000], prefix[8];
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char type = spec->type != 0 ? spec->type : 'd';
	int base = type == 'x' || type == 'X' ? 16 : type == 'o' ? 8 : type == 'b' ? 2 : 10;
	size_t n = 0, k;

	if (type == 's') {
		snprintf(err, errsize, "ValueError: Unknown format code 's' for object of "
		    "type '%s'", type_name);
		return false;
	}
	if (spec->precision >= 0 && type != 'f' && type != 'F') {
		snprintf(err, errsize, "ValueError: Precision not allowed in integer format "
		    "specifier");
		return false;
	}
	if (spec->grouping == ',' && base != 10) {
		snprintf(err, errsize, "ValueError: Cannot specify ',' with '%c'.", type);
		return false;
	}
	snprintf(prefix, sizeof(prefix), "%s%s", v < 0 ? "-" : spec->sign == '+' ? "+" :
	    spec->sign == ' ' ? " " : "", !spec->alternate || base == 10 ? "" :
	    base == 16 ? (type == 'X' ? "0X" : "0x") : base == 8 ? "0o" : "0b");
	if (type == 'f' || type == 'F') {
		/* Python converts the int to a float first; so does this */
		snprintf(digits, sizeof(digits), "%.*f", spec->precision >= 0 ?
		    spec->precision : 6, (double)mag);
	} else {
		do {
			int d = (int)(mag % (uint64_t)base);

			digits[n++] = (char)(d < 10 ? '0' + d : (type == 'X' ? 'A' : 'a') + d - 10);
			mag /= (uint64_t)base;
		} while (mag != 0);
		for (k = 0; k < n / 2; k++) {
			char t = digits[k];

			digits[k] = digits[n - 1 - k];
			digits[n - 1 - k] = t;
		}
		digits[n] = '\0';
	}
	if (spec->grouping != 0 || (spec->zero && spec->fill[0] == '\0' && spec->align == 0)) {
		/* zero padding is grouped too: 0,000,042 */
		char *point = strchr(digits, '.'), frac[400] = "";
		size_t want = (size_t)spec->width > strlen(prefix) ?
		    (size_t)spec->width - strlen(prefix) : 0;
		int every = base == 10 ? 3 : 4;

		if (point != NULL) {
			snprintf(frac, sizeof(frac), "%s", point);
			*point = '\0';
			want = want > strlen(frac) ? want - strlen(frac) : 0;
		}
		for (;;) {
			if (spec->grouping != 0)
				group_digits(digits, spec->grouping, every, grouped, sizeof(grouped));
			else
				snprintf(grouped, sizeof(grouped), "%s", digits);
			if (!(spec->zero && spec->fill[0] == '\0' && spec->align == 0) ||
			    strlen(grouped) >= want || strlen(digits) + 2 >= sizeof(digits))
				break;
			memmove(digits + 1, digits, strlen(digits) + 1);
			digits[0] = '0';
		}
		snprintf(body, sizeof(body), "%s%s", grouped, frac);
		return pad(spec, '>', prefix, body, strlen(body), s, out, err, errsize);
	}
	return pad(spec, '>', prefix, digits, strlen(digits), s, out, err, errsize);
}

static const char *
scalar_text(const struct lang_value *v, char *buf, size_t size)
{
	switch (v->kind) {
	case LANG_VAL_INT:
		snprintf(buf, size, "%lld", (long long)v->i);
		break;
	case LANG_VAL_BOOL:
		snprintf(buf, size, "%s", v->i ? "True" : "False");
		break;
	case LANG_VAL_NONE:
	case LANG_VAL_STR:
	case LANG_VAL_OBJECT:	/* never folded (program.h) */
		snprintf(buf, size, "None");
		break;
	}
	return buf;
}

bool
lang_value_format(const struct lang_value_strings *s, const struct lang_value *v, int conv,
    const char *spec_text, struct lang_value *out, char *err, size_t errsize)
{
	struct lang_format_spec spec;
	char text[LANG_MAX_STRING_BYTES * 4 + 8];
	struct lang_value conv_v;

	if (!lang_format_spec_parse(spec_text != NULL ? spec_text : "", &spec, err, errsize))
		return false;
	if (conv == 'r' || conv == 's') {
		if (v->kind == LANG_VAL_STR && conv == 'r')
			sanitize_repr_into(text, sizeof(text), s->get(s->arg, v->i));
		else if (v->kind == LANG_VAL_STR)
			snprintf(text, sizeof(text), "%s", s->get(s->arg, v->i));
		else
			scalar_text(v, text, sizeof(text));
		if (too_long(strlen(text), err, errsize))
			return false;
		conv_v.kind = LANG_VAL_STR;
		conv_v.i = s->intern(s->arg, text, strlen(text));
		v = &conv_v;
	}
	switch (v->kind) {
	case LANG_VAL_STR:
		return format_str(s, s->get(s->arg, v->i), &spec, out, err, errsize);
	case LANG_VAL_BOOL:
		if (spec_text == NULL || spec_text[0] == '\0')
			return format_str(s, v->i ? "True" : "False", &spec, out, err, errsize);
		return format_int(s, v->i, "bool", &spec, out, err, errsize);
	case LANG_VAL_INT:
		return format_int(s, v->i, "int", &spec, out, err, errsize);
	case LANG_VAL_OBJECT:	/* never folded (program.h) */
	case LANG_VAL_NONE:
		break;
	}
	if (spec_text != NULL && spec_text[0] != '\0') {
		snprintf(err, errsize, "TypeError: unsupported format string passed to "
		    "NoneType.__format__");
		return false;
	}
	return format_str(s, "None", &spec, out, err, errsize);
}

bool
lang_value_len(const struct lang_value_strings *s, const struct lang_value *v,
    struct lang_value *out, char *err, size_t errsize)
{
	const char *text;

	if (v->kind != LANG_VAL_STR) {
		snprintf(err, errsize, "TypeError: object of type '%s' has no len()",
		    lang_value_type_name(v));
		return false;
	}
	text = s->get(s->arg, v->i);
	set_int(out, (int64_t)char_count(text, strlen(text)));
	return true;
}

bool
lang_value_join(const struct lang_value_strings *s, const struct lang_value *parts, int n,
    struct lang_value *out, char *err, size_t errsize)
{
	char buf[LANG_MAX_STRING_BYTES + 1];
	size_t len = 0, k;
	int i;

	for (i = 0; i < n; i++) {
		const char *t;

		if (parts[i].kind != LANG_VAL_STR) {
			snprintf(err, errsize, "TypeError: can only join str, not \"%s\"",
			    lang_value_type_name(&parts[i]));
			return false;
		}
		t = s->get(s->arg, parts[i].i);
		k = strlen(t);
		if (too_long(len + k, err, errsize))
			return false;
		memcpy(buf + len, t, k);
		len += k;
	}
	out->kind = LANG_VAL_STR;
	out->i = s->intern(s->arg, buf, len);
	return true;
}
