/* pymodules.c - the table of importable Python names (see pymodules.h). */
#include "config.h"

#include "lang/pymodules.h"

#include <stdio.h>
#include <string.h>

static const struct lang_py_name names[] = {
#define X(module, name, kind, prim) { module, name, kind, prim },
	LANG_PY_NAMES(X)
#undef X
};

bool
lang_py_module_known(const char *module)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].module, module) == 0)
			return true;
	return false;
}

const struct lang_py_name *
lang_py_lookup(const char *module, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i].module, module) == 0 && strcmp(names[i].name, name) == 0)
			return &names[i];
	return NULL;
}

void
lang_py_supported(const char *module, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && used < size; i++) {
		if (strcmp(names[i].module, module) != 0 || names[i].kind == LANG_PY_LATER ||
		    names[i].kind == LANG_PY_EXCEPTION)
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
		    used > 0 ? ", " : "", names[i].name);
	}
}

const char *
lang_py_modules(void)
{
	return "threading, time and queue";
}
