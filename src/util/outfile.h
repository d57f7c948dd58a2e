/* outfile.h - a file that appears whole or not at all.
 *
 * Everything lockstep writes for the user (traces, recordings, pictures)
 * is written under a temporary name beside the target, PATH.part, and
 * renamed to PATH only once every write and the close succeeded.  A full
 * disk, a size limit or a crash therefore never leaves a truncated PATH
 * that looks like a finished file: a failed write removes PATH.part, and a
 * process killed outright leaves at most a PATH.part, which says what it is.
 * The first error is kept, with errno's words, for the message.
 */
#ifndef LOCKSTEP_UTIL_OUTFILE_H
#define LOCKSTEP_UTIL_OUTFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define OUTFILE_SUFFIX ".part"

struct outfile {
	FILE *file;		/* write here */
	char *path;		/* the name it will have */
	char *part;		/* the name it has until then */
	char error[256];	/* the first failure, "cannot write PATH: why" */
};

/* Create PATH.part; false with o->error set if it cannot be created. */
bool outfile_open(struct outfile *o, const char *path);
/* Whether every write so far succeeded; if not, o->error says why. */
bool outfile_ok(struct outfile *o);
/* Close and rename to PATH; on any failure remove the file, set o->error and
 * return false.  Frees o's strings either way. */
bool outfile_commit(struct outfile *o);
/* Close and remove the file: nothing is kept.  Frees o's strings. */
void outfile_abandon(struct outfile *o);

#endif
