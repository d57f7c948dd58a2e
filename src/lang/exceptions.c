/* exceptions.c - the exception classes' table (see exceptions.h). */
#include "config.h"

#include "lang/exceptions.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *printed, *module, *name;
	int parent;
} classes[] = {
#define X(id, printed, module, name, parent) { printed, module, name, LANG_EXC_##parent },
	LANG_EXCEPTIONS(X)
#undef X
};

int
lang_exc_of_text(const char *text)
{
	const char *colon = strstr(text, ": ");
	size_t len = colon != NULL ? (size_t)(colon - text) : strlen(text);
	int i;

	for (i = 0; i < LANG_EXC_COUNT; i++)
		if (strlen(classes[i].printed) == len &&
		    strncmp(classes[i].printed, text, len) == 0)
			return i;
	return -1;
}

bool
lang_exc_derives(int cls, int base)
{
	if (cls < 0 || cls >= LANG_EXC_COUNT)
		return false;
	for (;;) {
		if (cls == base)
			return true;
		if (classes[cls].parent == cls)
			return false;
		cls = classes[cls].parent;
	}
}

const char *
lang_exc_printed(int cls)
{
	return classes[cls].printed;
}

const char *
lang_exc_name(int cls)
{
	return classes[cls].name;
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
lang_exc_text(int cls, const char *message, char *buf, size_t size)
{
	if (message[0] == '\0')
		snprintf(buf, size, "%s", classes[cls].printed);
	else
		snprintf(buf, size, "%s: %s", classes[cls].printed, message);
}
