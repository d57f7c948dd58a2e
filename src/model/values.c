#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/limits.h"
#include "lang/value.h"
#include "lang/exceptions.h"
#include "model/internal.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

/* FNV-1a of the text's bytes. */
static uint64_t
text_hash(const char *text, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)text[i]) * 0x100000001b3ULL;
	return h;
}

int
model_strings_intern(struct model_strings *s, const char *text, size_t len)
{
	uint64_t h = text_hash(text, len);
	size_t i, it;
	int id;

	if (s->lock != NULL)
		s->lock(s->lock_arg);
	for (i = hashindex_first(&s->index, h, &it); i != SIZE_MAX;
	    i = hashindex_next(&s->index, h, &it))
		if (strncmp(s->items[i], text, len) == 0 && s->items[i][len] == '\0')
			break;
	if (i == SIZE_MAX) {
		s->items = xgrow(s->items, &s->cap, s->count + 1, sizeof(char *));
		i = s->count;
		s->items[s->count++] = xstrndup(text, len);
		hashindex_add(&s->index, h, i);
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
	hashindex_free(&s->index);
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
	case MODEL_LIST:
	case MODEL_TUPLE:
	case MODEL_DICT:
		/* its heap is not at hand: freeze it first (model_heap_repr) */
		snprintf(buf, size, "<%s>", v->kind == MODEL_LIST ? "list" :
		    v->kind == MODEL_TUPLE ? "tuple" : "dict");
		break;
	case MODEL_EXC: {
		/* its repr, ValueError('zero'); a KeyError's message is a repr */
		const char *text = model_strings_get(s, v->i), *msg = lang_exc_message(text);
		const char *colon = strstr(text, ": ");
		size_t len = colon != NULL ? (size_t)(colon - text) : strlen(text), from = len, k;
		char inner[MODEL_EXC_TEXT + 8];

		/* the class's __name__: its printed name after the last dot (the
		 * program's own classes, whose table is not at hand here, have
		 * no dot) */
		while (from > 0 && text[from - 1] != '.')
			from--;
		for (k = 0; k < len && (isalnum((unsigned char)text[k]) || text[k] == '_' ||
		    text[k] == '.'); k++)
			;
		if (len == 0 || k < len) {
			sanitize_repr_into(buf, size, text);
			break;
		}
		if (lang_exc_of_text(NULL, text) == LANG_EXC_KEY || msg[0] == '\0')
			sanitize_into(inner, sizeof(inner), msg, SANITIZE_LINE);
		else
			sanitize_repr_into(inner, sizeof(inner), msg);
		snprintf(buf, size, "%.*s(%s)", (int)(len - from), text + from, inner);
		break;
	}
	case MODEL_REPR:
		/* made by model_heap_repr: its strings are sanitized already */
		snprintf(buf, size, "%s", model_strings_get(s, v->i));
		break;
	}
}

/* ---- the operators: lang/value.c's, on the model's value layout ---- */

static const char *
strings_get(void *arg, int64_t id)
{
	return model_strings_get(arg, id);
}

static int
strings_intern(void *arg, const char *text, size_t len)
{
	return model_strings_intern(arg, text, len);
}

static struct lang_value_strings
access_of(const struct model_strings *s)
{
	struct lang_value_strings a;

	a.get = strings_get;
	a.intern = strings_intern;
	a.arg = (void *)s;	/* interning is the only write, and it is s's own */
	return a;
}

static struct lang_value
to_lang(const struct model_value *v)
{
	struct lang_value l;

	l.kind = v->kind == MODEL_INT ? LANG_VAL_INT : v->kind == MODEL_BOOL ? LANG_VAL_BOOL :
	    v->kind == MODEL_STR ? LANG_VAL_STR : LANG_VAL_NONE;
	l.i = v->kind == MODEL_NONE || v->kind == MODEL_UNSET ? 0 : v->i;
	return l;
}

static void
from_lang(const struct lang_value *l, struct model_value *out)
{
	switch (l->kind) {
	case LANG_VAL_INT: out->kind = MODEL_INT; break;
	case LANG_VAL_BOOL: out->kind = MODEL_BOOL; break;
	case LANG_VAL_STR: out->kind = MODEL_STR; break;
	case LANG_VAL_NONE: out->kind = MODEL_NONE; break;
	case LANG_VAL_OBJECT: out->kind = MODEL_NONE; break;	/* no operator makes one */
	}
	out->pad = 0;
	out->i = l->i;
}

bool
model_value_truthy(const struct model_strings *s, const struct model_value *v)
{
	struct lang_value_strings a = access_of(s);
	struct lang_value l = to_lang(v);

	return lang_value_truthy(&a, &l);
}

bool
model_value_equal(const struct model_value *a, const struct model_value *b)
{
	struct lang_value x = to_lang(a), y = to_lang(b);

	return lang_value_equal(&x, &y);
}

bool
model_binary(struct model_strings *s, enum lang_binop op, const struct model_value *a,
    const struct model_value *b, struct model_value *out, char *err, size_t errsize)
{
	struct lang_value_strings acc = access_of(s);
	struct lang_value x = to_lang(a), y = to_lang(b), r;

	if (!lang_value_binary(&acc, op, &x, &y, &r, err, errsize))
		return false;
	from_lang(&r, out);
	return true;
}

bool
model_unary(const struct model_strings *s, enum lang_unop op, const struct model_value *a,
    struct model_value *out, char *err, size_t errsize)
{
	struct lang_value_strings acc = access_of(s);
	struct lang_value x = to_lang(a), r;

	if (!lang_value_unary(&acc, op, &x, &r, err, errsize))
		return false;
	from_lang(&r, out);
	return true;
}

bool
model_format(struct model_strings *s, const struct model_value *v, int conv,
    const char *spec, struct model_value *out, char *err, size_t errsize)
{
	struct lang_value_strings acc = access_of(s);
	struct lang_value x = to_lang(v), r;

	if (!lang_value_format(&acc, &x, conv, spec, &r, err, errsize))
		return false;
	from_lang(&r, out);
	return true;
}

bool
model_len(struct model_strings *s, const struct model_value *v, struct model_value *out,
    char *err, size_t errsize)
{
	struct lang_value_strings acc = access_of(s);
	struct lang_value x = to_lang(v), r;

	if (!lang_value_len(&acc, &x, &r, err, errsize))
		return false;
	from_lang(&r, out);
	return true;
}

bool
model_join(struct model_strings *s, const struct model_value *parts, int n,
    struct model_value *out, char *err, size_t errsize)
{
	struct lang_value_strings acc = access_of(s);
	struct lang_value x[LANG_MAX_STACK], r;
	int i;

	for (i = 0; i < n && i < LANG_MAX_STACK; i++)
		x[i] = to_lang(&parts[i]);
	if (!lang_value_join(&acc, x, n, &r, err, errsize))
		return false;
	from_lang(&r, out);
	return true;
}
