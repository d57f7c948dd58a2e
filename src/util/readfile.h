/* readfile.h - read a whole file of bounded size.
 *
 * The buffer grows with the file, so a small file costs a small buffer;
 * reading stops one byte past the limit, which is how the caller knows the
 * file crosses it.
 */
#ifndef LOCKSTEP_UTIL_READFILE_H
#define LOCKSTEP_UTIL_READFILE_H

#include <stddef.h>
#include <stdio.h>

/* At most limit + 1 bytes of f, NUL-terminated, their count in *len; NULL
 * (errno set) on a read error.  The caller frees it. */
char *read_bounded(FILE *f, size_t limit, size_t *len);

#endif
