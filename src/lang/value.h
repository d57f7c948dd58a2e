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

#endif
