/* outfile.c - write under PATH.part, rename to PATH when whole. */
#include "config.h"

#include "util/outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/xalloc.h"

static void
note_error(struct outfile *o, int err)
{
	if (o->error[0] == '\0')
		snprintf(o->error, sizeof(o->error), "cannot write %s: %s", o->path,
		    strerror(err != 0 ? err : EIO));
}

static void
release(struct outfile *o)
{
	free(o->path);
	free(o->part);
	o->path = o->part = NULL;
	o->file = NULL;
}

bool
outfile_open(struct outfile *o, const char *path)
{
	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	o->part = xasprintf("%s%s", path, OUTFILE_SUFFIX);
	o->file = fopen(o->part, "w");
	if (o->file == NULL) {
		note_error(o, errno);
		release(o);
		return false;
	}
	return true;
}

bool
outfile_ok(struct outfile *o)
{
	if (o->file != NULL && ferror(o->file))
		note_error(o, errno);
	return o->error[0] == '\0';
}

bool
outfile_commit(struct outfile *o)
{
	bool ok;

	errno = 0;
	ok = outfile_ok(o) && fflush(o->file) == 0 && !ferror(o->file);
	if (!ok)
		note_error(o, errno);
	if (fclose(o->file) != 0 && ok) {
		note_error(o, errno);
		ok = false;
	}
	if (ok && rename(o->part, o->path) != 0) {
		note_error(o, errno);
		ok = false;
	}
	if (!ok)
		unlink(o->part);
	release(o);
	return ok;
}

void
outfile_abandon(struct outfile *o)
{
	if (o->file != NULL) {
		fclose(o->file);
		unlink(o->part);
	}
	release(o);
}
