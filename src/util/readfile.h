/* readfile.h - open and read a whole file of bounded size.
 *
 * Every file lockstep reads comes from a user who may not be the one
 * running it: a scenario, a trace, an entry of the search path.  read_open
 * opens it without blocking (O_NONBLOCK: a FIFO named x.race would
 * otherwise wait forever for a writer) and refuses anything fstat does not
 * call a regular file, so that a FIFO, a device or a directory gets a clear
 * message instead of a hang or a read of /dev/zero.  Symbolic links are
 * followed: a link to a scenario is a scenario, and reading one writes
 * nothing.
 *
 * The buffer grows with the file, so a small file costs a small buffer;
 * reading stops one byte past the limit, which is how the caller knows the
 * file crosses it.
 */
#ifndef LOCKSTEP_UTIL_READFILE_H
#define LOCKSTEP_UTIL_READFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* path opened for reading if it is a regular file; else NULL and *why says
 * why ("No such file or directory", "is a FIFO, not a regular file"). */
FILE *read_open(const char *path, const char **why);
/* At most limit + 1 bytes of f, NUL-terminated, their count in *len; NULL
 * (errno set) on a read error.  The caller frees it. */
char *read_bounded(FILE *f, size_t limit, size_t *len);
/* NULL for a regular file; else what it is, for messages: "is a FIFO, not
 * a regular file". */
const char *read_file_refusal(mode_t mode);

#endif
