/* readfile.c - read a whole file of bounded size. */
#include "config.h"

#include "util/readfile.h"

#include <stdlib.h>

#include "util/xalloc.h"

char *
read_bounded(FILE *f, size_t limit, size_t *len)
{
	size_t cap = 0, n, want;
	char *buf = NULL;

	*len = 0;
	do {
		if (*len == cap)
			buf = xgrow(buf, &cap, cap < 4096 ? 4096 : cap + 1, 1);
		want = cap - *len;
		if (want > limit + 1 - *len)
			want = limit + 1 - *len;
		n = fread(buf + *len, 1, want, f);
		*len += n;
	} while (n > 0 && *len <= limit);
	if (ferror(f)) {
		free(buf);
		return NULL;
	}
	buf = xgrow(buf, &cap, *len + 1, 1);
	buf[*len] = '\0';
	return buf;
}
