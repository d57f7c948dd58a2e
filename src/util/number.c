/* number.c - numbers read from the command line and from files. */
#include "config.h"

#include "util/number.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool
number_parse(const char *s, int base, uint64_t min, uint64_t max, uint64_t *out)
{
	const char *digits = base == 16 ? "0123456789abcdefABCDEF" : "0123456789";
	unsigned long long v;
	char *end;

	/* strtoull would take leading space, a sign and "0x" */
	if (s[0] == '\0' || strspn(s, digits) != strlen(s))
		return false;
	errno = 0;
	v = strtoull(s, &end, base);
	if (errno == ERANGE || *end != '\0' || v < min || v > max)
		return false;
	*out = v;
	return true;
}
