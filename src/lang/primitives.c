#include "config.h"

#include "lang/primitives.h"

#include <stdio.h>
#include <string.h>

static const struct lang_prim_info prims[] = {
#define X(id, name, mn, mx) { name, mn, mx },
	LANG_PRIM_TYPES(X)
#undef X
};

static const struct lang_method_info methods[] = {
#define X(id, name, label, types, mn, mx, flags, doc) { name, label, types, mn, mx, flags, doc },
	LANG_METHODS(X)
#undef X
};

const struct lang_prim_info *
lang_prim_info(enum lang_prim_type t)
{
	return &prims[t];
}

const struct lang_method_info *
lang_method_info(enum lang_method m)
{
	return &methods[m];
}

static bool
name_is(const char *want, const char *name, unsigned len)
{
	return strlen(want) == len && memcmp(want, name, len) == 0;
}

int
lang_prim_by_name(const char *name, unsigned len)
{
	int t;

	for (t = 0; t < LANG_PRIM_COUNT; t++)
		if (name_is(prims[t].name, name, len))
			return t;
	return -1;
}

int
lang_method_lookup(enum lang_prim_type t, const char *name, unsigned len)
{
	int m;

	for (m = 0; m < LANG_M_COUNT; m++) {
		if (m == LANG_M_TRY_ACQUIRE || (methods[m].flags & LANG_MF_HIDDEN))
			continue;
		if ((methods[m].types & (1u << t)) && name_is(methods[m].name, name, len))
			return m;
	}
	return -1;
}

void
lang_prim_method_list(enum lang_prim_type t, char *buf, size_t size)
{
	size_t used = 0;
	int m;

	buf[0] = '\0';
	for (m = 0; m < LANG_M_COUNT; m++) {
		int n;

		if (m == LANG_M_TRY_ACQUIRE || m == LANG_M_RELEASE_N ||
		    (methods[m].flags & LANG_MF_HIDDEN) || !(methods[m].types & (1u << t)))
			continue;
		n = snprintf(buf + used, size - used, "%s%s()",
		    used > 0 ? ", " : "", methods[m].name);
		if (n < 0 || (size_t)n >= size - used)
			return;
		used += (size_t)n;
	}
}

bool
lang_prim_is_withable(enum lang_prim_type t)
{
	return t == LANG_PRIM_LOCK || t == LANG_PRIM_RLOCK ||
	    t == LANG_PRIM_CONDITION || t == LANG_PRIM_SEMAPHORE ||
	    t == LANG_PRIM_BSEMAPHORE;
}
