/* compile_str.c - strings as Python makes them: f-strings, str(),
 * "...".format(...), len() of a string, and print() with sep= and end=.
 *
 * Each compiles to local instructions that model/eval.c runs through
 * lang/value.c: FORMAT (format(value, spec) after a conversion), BUILD_STRING
 * (join the pieces) and LEN.  A format spec is always known when compiling
 * (an f-string's is written in it; format()'s receiver must be a literal),
 * so a spec lockstep cannot apply is an error at the spec, never at run
 * time.
 */
#include "config.h"

#include "lang/compiler.h"

#include <stdlib.h>
#include <string.h>

#include "lang/value.h"
#include "util/strbuf.h"

/* FORMAT of the value on the stack; false if the spec was refused. */
static bool
emit_format(struct compiler *c, char conv, const char *spec, struct lang_loc spec_loc,
    struct lang_loc loc)
{
	struct lang_format_spec parsed;
	char err[200];

	if (conv == 'a') {
		compile_error_at(c, loc, "the conversion '!a' is not supported; write '!r'");
		return false;
	}
	if (spec != NULL && !lang_format_spec_parse(spec, &parsed, err, sizeof(err))) {
		compile_error_at(c, spec_loc.line != 0 ? spec_loc : loc, "%s", err);
		return false;
	}
	compile_emit(c, LANG_OP_FORMAT, spec != NULL && spec[0] != '\0' ?
	    compile_intern_string(c, spec, strlen(spec)) : -1, conv == 'r' ? 'r' :
	    conv == 's' ? 's' : 0, 0, loc);
	return true;
}

/* The n strings on the stack as one (nothing to do for one). */
static void
emit_join(struct compiler *c, int n, struct lang_loc loc)
{
	if (n == 0)
		compile_emit(c, LANG_OP_PUSH_STR, compile_intern_string(c, "", 0), 0, 0, loc);
	else if (n > 1)
		compile_emit(c, LANG_OP_BUILD_STRING, n, 0, 0, loc);
}

void
compile_fstring(struct compiler *c, const struct ast_expr *e)
{
	const struct ast_fpart *part;
	int n = 0;

	for (part = e->u.fstr; part != NULL; part = part->next, n++) {
		if (part->text != NULL) {
			compile_emit(c, LANG_OP_PUSH_STR, compile_intern_string(c, part->text,
			    part->len), 0, 0, e->loc);
			continue;
		}
		compile_expr(c, part->expr);
		if (!emit_format(c, part->conv, part->spec, part->spec_loc, part->expr->loc))
			return;
	}
	emit_join(c, n, e->loc);
}

/* str(x): format(x, "") after str(). */
void
compile_str_call(struct compiler *c, const struct ast_expr *e)
{
	const struct ast_arg *a = e->u.call.args;

	if (e->u.call.nargs > 1 || (a != NULL && a->keyword != NULL)) {
		compile_error_at(c, e->loc, "str() takes one value here");
		return;
	}
	if (a == NULL) {
		emit_join(c, 0, e->loc);
		return;
	}
	compile_expr(c, a->value);
	emit_format(c, 's', NULL, e->loc, e->loc);
}

/* len(x) of a value known only at run time, a string or a list, tuple or
 * dict (a shared array's length is a constant, compiled elsewhere). */
void
compile_len_value(struct compiler *c, const struct ast_expr *e)
{
	if (e->u.call.nargs != 1 || e->u.call.args->keyword != NULL) {
		compile_error_at(c, e->loc, "len() takes exactly one argument (%d given)",
		    e->u.call.nargs);
		return;
	}
	compile_iterable(c, e->u.call.args->value);
	compile_emit(c, LANG_OP_SEQ_LEN, 0, 0, 0, e->loc);
}

/* One field of a format string, {index!conv:spec}, parsed from text at
 * *p (past its '{'); its argument is -1 for an automatic number. */
struct field {
	int arg;
	const char *keyword;
	size_t keyword_len;
	char conv;
	char spec[128];
};

static bool
parse_field(struct compiler *c, const char **p, struct field *f, struct lang_loc loc)
{
	const char *q = *p;
	size_t n = 0;

	memset(f, 0, sizeof(*f));
	f->arg = -1;
	if (*q >= '0' && *q <= '9') {
		f->arg = 0;
		while (*q >= '0' && *q <= '9' && f->arg < 1000)
			f->arg = f->arg * 10 + (*q++ - '0');
	} else if ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_') {
		f->keyword = q;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '_' ||
		    (*q >= '0' && *q <= '9'))
			q++;
		f->keyword_len = (size_t)(q - f->keyword);
	}
	if (*q == '.' || *q == '[') {
		compile_error_at(c, loc, "format(): attributes and indexes in a field "
		    "('{0.x}', '{0[1]}') are not supported");
		return false;
	}
	if (*q == '!') {
		f->conv = q[1];
		if (f->conv != 'r' && f->conv != 's' && f->conv != 'a') {
			compile_error_at(c, loc, "ValueError: format(): unknown conversion "
			    "specifier in the format string");
			return false;
		}
		q += 2;
	}
	if (*q == ':') {
		q++;
		while (*q != '\0' && *q != '}') {
			if (*q == '{') {
				compile_error_at(c, loc, "format(): a field inside a format spec "
				    "is not supported");
				return false;
			}
			if (n + 1 < sizeof(f->spec))
				f->spec[n++] = *q;
			q++;
		}
	}
	if (*q != '}') {
		compile_error_at(c, loc, "ValueError: format(): expected '}' before the end "
		    "of the string");
		return false;
	}
	*p = q + 1;
	return true;
}

static int
keyword_argument(const struct ast_expr *call, const struct field *f, int *slot_index)
{
	const struct ast_arg *a;
	int i = 0;

	for (a = call->u.call.args; a != NULL; a = a->next, i++)
		if (a->keyword != NULL && strlen(a->keyword) == f->keyword_len &&
		    memcmp(a->keyword, f->keyword, f->keyword_len) == 0) {
			*slot_index = i;
			return 1;
		}
	return 0;
}

/* "...".format(args): the literal parsed now; each argument evaluated once,
 * in order, into a hidden local, then the pieces joined. */
void
compile_format_call(struct compiler *c, const struct ast_expr *call)
{
	const struct ast_expr *recv = call->u.call.callee->u.attr.base;
	const struct ast_arg *a;
	const char *p = recv->u.str.s;
	struct strbuf lit = { 0 };
	int slots[LANG_MAX_STACK], nargs = 0, npos = 0, pieces = 0, next_auto = 0, i;
	bool manual = false, automatic = false;

	if (c->ctx == CTX_EXPECT) {
		compile_error_at(c, call->loc, "%s cannot call format()", c->expect_word);
		return;
	}
	for (a = call->u.call.args; a != NULL; a = a->next) {
		if (nargs == LANG_MAX_STACK) {
			compile_error_at(c, call->loc, "format() with more than %d arguments",
			    LANG_MAX_STACK);
			return;
		}
		if (a->keyword == NULL)
			npos++;
		compile_expr(c, a->value);
		slots[nargs] = compile_new_hidden_local(c, call->loc);
		compile_emit(c, LANG_OP_STORE_LOCAL, slots[nargs], 0, 0, call->loc);
		nargs++;
	}
	while (*p != '\0') {
		struct field f;
		int k;

		if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}')) {
			strbuf_putc(&lit, *p);
			p += 2;
			continue;
		}
		if (*p == '}') {
			compile_error_at(c, recv->loc, "ValueError: Single '}' encountered in "
			    "format string");
			break;
		}
		if (*p != '{') {
			strbuf_putc(&lit, *p++);
			continue;
		}
		p++;
		if (!parse_field(c, &p, &f, recv->loc))
			break;
		if (lit.len > 0) {
			compile_emit(c, LANG_OP_PUSH_STR, compile_intern_string(c, lit.buf,
			    lit.len), 0, 0, recv->loc);
			pieces++;
			lit.len = 0;
		}
		if (f.keyword != NULL) {
			if (!keyword_argument(call, &f, &k)) {
				compile_error_at(c, recv->loc, "KeyError: format() has no argument "
				    "'%.*s'", (int)f.keyword_len, f.keyword);
				break;
			}
		} else {
			if ((f.arg < 0 && manual) || (f.arg >= 0 && automatic)) {
				compile_error_at(c, recv->loc, "ValueError: cannot switch between "
				    "automatic field numbering ({}) and manual ({0})");
				break;
			}
			manual = manual || f.arg >= 0;
			automatic = automatic || f.arg < 0;
			k = f.arg >= 0 ? f.arg : next_auto++;
			if (k >= npos) {
				compile_error_at(c, recv->loc, "IndexError: Replacement index %d out "
				    "of range for positional args tuple", k);
				break;
			}
			/* the k-th positional argument */
			for (i = 0, a = call->u.call.args; a != NULL; a = a->next, i++)
				if (a->keyword == NULL && k-- == 0)
					break;
			k = i;
		}
		compile_emit(c, LANG_OP_LOAD_LOCAL, slots[k], 0, 0, recv->loc);
		if (!emit_format(c, f.conv, f.spec, recv->loc, recv->loc))
			break;
		pieces++;
	}
	if (lit.len > 0 && *p == '\0') {
		compile_emit(c, LANG_OP_PUSH_STR, compile_intern_string(c, lit.buf, lit.len), 0, 0,
		    recv->loc);
		pieces++;
	}
	strbuf_free(&lit);
	if (*p == '\0')
		emit_join(c, pieces, call->loc);
}

/* print(values..., sep=S, end=E, flush=B): the values, then sep and end
 * when given; PRINT writes them as Python does (model/eval.c). */
void
compile_print(struct compiler *c, const struct ast_expr *e)
{
	const struct ast_arg *a, *sep = NULL, *end = NULL;
	int n = 0, flags = 0;

	for (a = e->u.call.args; a != NULL; a = a->next) {
		if (a->keyword == NULL) {
			if (sep != NULL || end != NULL) {
				compile_error_at(c, a->value->loc, "positional argument follows "
				    "keyword argument");
				return;
			}
			compile_expr(c, a->value);
			n++;
		} else if (strcmp(a->keyword, "sep") == 0) {
			sep = a;
		} else if (strcmp(a->keyword, "end") == 0) {
			end = a;
		} else if (strcmp(a->keyword, "flush") == 0) {
			/* each step's output is complete when the step ends: nothing
			 * to flush, but the value must still be one */
			if (a->value->kind != AST_BOOL) {
				compile_error_at(c, a->value->loc, "flush= must be True or False");
				return;
			}
		} else {
			compile_error_at(c, a->keyword_loc, "print() takes sep=, end= and flush=, "
			    "not %s=%s", a->keyword, strcmp(a->keyword, "file") == 0 ?
			    " (the output is the program's standard output)" : "");
			return;
		}
	}
	if (sep != NULL) {
		compile_expr(c, sep->value);
		flags |= LANG_PRINT_SEP;
	}
	if (end != NULL) {
		compile_expr(c, end->value);
		flags |= LANG_PRINT_END;
	}
	compile_emit(c, LANG_OP_PRINT, n, flags, 0, e->loc);
}

/* A number with a fraction where a value is needed: lockstep's values are
 * ints, bools, strings and None. */
void
compile_float_error(struct compiler *c, const struct ast_expr *e)
{
	if (c->file->python)
		compile_error_at(c, e->loc, "numbers with a fraction are not supported; only "
		    "a number of seconds may have one: time.sleep(0.5), a timeout, a Timer's "
		    "interval, or a constant of the module they name (TIMEOUT = 0.5)");
	else
		compile_error_at(c, e->loc, "numbers with a fraction are not part of the "
		    "scenario language; sleep() takes whole milliseconds");
}
