/* exceptions.c - the exception classes' table (see exceptions.h). */
#include "config.h"

#include "lang/exceptions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static const struct {
	const char *printed, *module, *name;
	int parent;
} classes[] = {
#define X(id, printed, module, name, parent) { printed, module, name, LANG_EXC_##parent },
	LANG_EXCEPTIONS(X)
#undef X
};

static bool
is_own(const struct lang_exc_own *own, int cls)
{
	return own != NULL && cls >= LANG_EXC_COUNT && (size_t)(cls - LANG_EXC_COUNT) < own->n;
}

int
lang_exc_own_add(struct lang_exc_own *own, const char *name, int parent)
{
	own->names = xrealloc(own->names, (own->n + 1) * sizeof(*own->names));
	own->parents = xrealloc(own->parents, (own->n + 1) * sizeof(*own->parents));
	own->names[own->n] = xstrdup(name);
	own->parents[own->n] = parent;
	return LANG_EXC_COUNT + (int)own->n++;
}

int
lang_exc_own_find(const struct lang_exc_own *own, const char *name)
{
	size_t i;

	for (i = 0; own != NULL && i < own->n; i++)
		if (strcmp(own->names[i], name) == 0)
			return LANG_EXC_COUNT + (int)i;
	return -1;
}

void
lang_exc_own_free(struct lang_exc_own *own)
{
	size_t i;

	for (i = 0; i < own->n; i++)
		free(own->names[i]);
	free(own->names);
	free(own->parents);
	memset(own, 0, sizeof(*own));
}

int
lang_exc_of_text(const struct lang_exc_own *own, const char *text)
{
	const char *colon = strstr(text, ": ");
	size_t len = colon != NULL ? (size_t)(colon - text) : strlen(text), i;

	for (i = 0; i < LANG_EXC_COUNT; i++)
		if (strlen(classes[i].printed) == len &&
		    strncmp(classes[i].printed, text, len) == 0)
			return (int)i;
	for (i = 0; own != NULL && i < own->n; i++)
		if (strlen(own->names[i]) == len && strncmp(own->names[i], text, len) == 0)
			return LANG_EXC_COUNT + (int)i;
	return -1;
}

static int
parent_of(const struct lang_exc_own *own, int cls)
{
	return is_own(own, cls) ? own->parents[cls - LANG_EXC_COUNT] : classes[cls].parent;
}

bool
lang_exc_derives(const struct lang_exc_own *own, int cls, int base)
{
	if (cls < 0 || (cls >= LANG_EXC_COUNT && !is_own(own, cls)))
		return false;
	for (;;) {
		if (cls == base)
			return true;
		if (parent_of(own, cls) == cls)
			return false;
		cls = parent_of(own, cls);
	}
}

const char *
lang_exc_printed(const struct lang_exc_own *own, int cls)
{
	return is_own(own, cls) ? own->names[cls - LANG_EXC_COUNT] : classes[cls].printed;
}

const char *
lang_exc_name(const struct lang_exc_own *own, int cls)
{
	return is_own(own, cls) ? own->names[cls - LANG_EXC_COUNT] : classes[cls].name;
}

int
lang_exc_builtin(const char *name)
{
	int i;

	for (i = 0; i < LANG_EXC_COUNT; i++)
		if (classes[i].module == NULL && strcmp(classes[i].name, name) == 0)
			return i;
	return -1;
}

int
lang_exc_in_module(const char *module, const char *name)
{
	int i;

	for (i = 0; i < LANG_EXC_COUNT; i++)
		if (classes[i].module != NULL && strcmp(classes[i].module, module) == 0 &&
		    strcmp(classes[i].name, name) == 0)
			return i;
	return -1;
}

const char *
lang_exc_message(const char *text)
{
	const char *colon = strstr(text, ": ");

	return colon != NULL ? colon + 2 : "";
}

void
lang_exc_text(const struct lang_exc_own *own, int cls, const char *message, char *buf,
    size_t size)
{
	if (message[0] == '\0')
		snprintf(buf, size, "%s", lang_exc_printed(own, cls));
	else
		snprintf(buf, size, "%s: %s", lang_exc_printed(own, cls), message);
}
