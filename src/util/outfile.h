/* outfile.h - a file that appears whole or not at all.
 *
 * Everything lockstep writes for the user (traces, recordings, pictures)
 * is written under a temporary name beside the target and renamed to PATH
 * only once every write and the close succeeded.  A full disk, a size limit
 * or a crash therefore never leaves a truncated PATH that looks like a
 * finished file: a failed write removes the temporary, and a process killed
 * outright leaves at most a file ending in .part, which says what it is.
 *
 * Files are passed between users, and so are the directories they are
 * written to, so the writer trusts nothing it finds there:
 *   - the temporary is created with O_CREAT|O_EXCL|O_NOFOLLOW: PATH.part if
 *     that name is free, else PATH.NNNNNN.part with a fresh NNNNNN, so a
 *     link or a file planted at the name is never written through;
 *   - PATH itself must be absent or a regular file, checked (without
 *     following links) when the file is opened and again just before the
 *     rename: a symbolic link at PATH is refused, not followed and not
 *     replaced, and so is a directory, FIFO or device, which a rename
 *     would otherwise replace (as root, --trace /dev/null).
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
	char error[512];	/* the first failure, "cannot write PATH: why" */
	void *sink;		/* outfile.c's: the descriptor under file */
};

/* Create the temporary; false with o->error set if PATH may not be written
 * (see above) or the temporary cannot be created. */
bool outfile_open(struct outfile *o, const char *path);
/* Whether every write so far succeeded; if not, o->error says why. */
bool outfile_ok(struct outfile *o);
/* Close and rename to PATH; on any failure remove the file, set o->error and
 * return false.  Frees o's strings either way. */
bool outfile_commit(struct outfile *o);
/* Close and remove the file: nothing is kept.  Frees o's strings. */
void outfile_abandon(struct outfile *o);
/* Whether path may be written by outfile: NULL if it is absent or a regular
 * file, else why not ("is a symbolic link, not a regular file" ...). */
const char *outfile_refusal(const char *path);

#endif
