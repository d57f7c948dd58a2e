/* value.h - what the operators do to values: Python's semantics for int,
 * bool, str and None, written once.
 *
 * The compiler folds constants with it (compile_const.c) and the model
 * runs every thread's and every expect's operators through it
 * (model/values.c wraps it for its own value layout), so a constant and
 * the same expression at run time give the same value or the same error.
 * It lives in lang, the lowest layer both use.  Values name strings by
 * id; the table behind the ids is the caller's, reached through struct
 * lang_value_strings.
 */
#ifndef LOCKSTEP_LANG_VALUE_H
#define LOCKSTEP_LANG_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/program.h"

struct lang_value_strings {
	const char *(*get)(void *arg, int64_t id);
	int (*intern)(void *arg, const char *text, size_t len);
	void *arg;
};

/* Python's type name of v: "int", "bool", "str", "NoneType". */
const char *lang_value_type_name(const struct lang_value *v);
bool lang_value_truthy(const struct lang_value_strings *s, const struct lang_value *v);
bool lang_value_equal(const struct lang_value *a, const struct lang_value *b);
/* Apply an operator; on error false with a Python-style message
 * ("ZeroDivisionError: ...") in err.  A string result is interned. */
bool lang_value_binary(const struct lang_value_strings *s, enum lang_binop op,
    const struct lang_value *a, const struct lang_value *b, struct lang_value *out,
    char *err, size_t errsize);
bool lang_value_unary(const struct lang_value_strings *s, enum lang_unop op,
    const struct lang_value *a, struct lang_value *out, char *err, size_t errsize);

/* ---- strings: str(), repr(), format(), len() ---- */

/* A format spec, the mini-language after ':' in an f-string's field or a
 * str.format() field: [[fill]align][sign][#][0][width][,|_][.precision][type].
 * The types are those an int or a str takes: s d x X o b, and f F on an
 * int (converted to a float, as Python does); the float-only types (e E g G
 * n %) and c are refused, since lockstep has no floats. */
struct lang_format_spec {
	char fill[5];		/* one character, UTF-8; "" when not given */
	char align;		/* '<' '>' '^' '=' or 0 */
	char sign;		/* '+' '-' ' ' or 0 */
	bool alternate;		/* '#' */
	bool zero;		/* '0' before the width */
	int width;		/* 0 when not given */
	char grouping;		/* ',' '_' or 0 */
	int precision;		/* -1 when not given */
	char type;		/* 0 when not given */
};

/* Parse spec; false with a message in err for one lockstep cannot use
 * (the compiler reports it at the spec, so a bad spec never runs). */
bool lang_format_spec_parse(const char *spec, struct lang_format_spec *out,
    char *err, size_t errsize);
/* format(v, spec) after the conversion conv ('r': repr(v), 's': str(v),
 * 0: none), as Python computes it; spec NULL or "" for str(v).  The
 * result is interned; false with a Python-style error ("ValueError: ...",
 * "MemoryError: ..." past LANG_MAX_STRING_BYTES) in err. */
bool lang_value_format(const struct lang_value_strings *s, const struct lang_value *v,
    int conv, const char *spec, struct lang_value *out, char *err, size_t errsize);
/* len(v): a string's length in characters; a TypeError otherwise. */
bool lang_value_len(const struct lang_value_strings *s, const struct lang_value *v,
    struct lang_value *out, char *err, size_t errsize);
/* The n strings at parts joined into one (BUILD_STRING). */
bool lang_value_join(const struct lang_value_strings *s, const struct lang_value *parts,
    int n, struct lang_value *out, char *err, size_t errsize);

#endif
