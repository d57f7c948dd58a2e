/* outfile.c - write under a temporary name, rename to PATH when whole. */
#include "config.h"

#include "util/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/readfile.h"
#include "util/xalloc.h"

/* How many fresh names to try when PATH.part is taken. */
#define OUTFILE_TRIES 100

/* The stream's descriptor and the errno of its first failed write: stdio
 * keeps only "an error happened", and by the time the caller asks, errno
 * may say something else (a full disk reported as an I/O error). */
struct sink {
	int fd;
	int write_errno;
};

static const char *
why(int err)
{
	switch (err) {
	case ENOSPC:
		return "no space left on device";
	case EDQUOT:
		return "disk quota exceeded";
	case EFBIG:
		return "file too large";
	}
	return strerror(err != 0 ? err : EIO);
}

static void
note_error(struct outfile *o, int err)
{
	if (o->error[0] == '\0')
		snprintf(o->error, sizeof(o->error), "cannot write %s: %s", o->path,
		    why(err));
}

static void
note_refusal(struct outfile *o, const char *refusal)
{
	if (o->error[0] == '\0')
		snprintf(o->error, sizeof(o->error), "cannot write %s: it %s", o->path,
		    refusal);
}

static ssize_t
sink_write(void *cookie, const char *buf, size_t size)
{
	struct sink *k = cookie;
	size_t done = 0;

	while (done < size) {
		ssize_t n = write(k->fd, buf + done, size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (k->write_errno == 0)
				k->write_errno = n < 0 ? errno : ENOSPC;
			return done > 0 ? (ssize_t)done : -1;
		}
		done += (size_t)n;
	}
	return (ssize_t)done;
}

static int
sink_close(void *cookie)
{
	struct sink *k = cookie;

	if (close(k->fd) != 0 && k->write_errno == 0 && errno != EINTR)
		k->write_errno = errno;
	k->fd = -1;
	return k->write_errno == 0 ? 0 : -1;
}

static int
sink_error(const struct outfile *o)
{
	const struct sink *k = o->sink;

	return k != NULL ? k->write_errno : 0;
}

static void
release(struct outfile *o)
{
	free(o->path);
	free(o->part);
	free(o->sink);
	o->path = o->part = NULL;
	o->sink = NULL;
	o->file = NULL;
}

const char *
outfile_refusal(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return NULL;	/* absent, or the open will say why */
	return read_file_refusal(st.st_mode);
}

/* A new file beside path, never one that was there: PATH.part, or
 * PATH.NNNNNN.part when that name is taken (by a crashed run, or planted). */
static int
create_temporary(struct outfile *o)
{
	static atomic_uint counter;	/* files may be opened from two threads */
	uint64_t x = (uint64_t)getpid() << 20 ^ (uint64_t)time(NULL);
	int fd, i;

	o->part = xasprintf("%s%s", o->path, OUTFILE_SUFFIX);
	for (i = 0; i < OUTFILE_TRIES; i++) {
		fd = open(o->part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		    0666);
		if (fd >= 0 || errno != EEXIST)
			return fd;
		/* xorshift: names no one can plant in advance for long */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		free(o->part);
		o->part = xasprintf("%s.%06u%s", o->path,
		    (unsigned)((x + atomic_fetch_add(&counter, 1)) % 1000000),
		    OUTFILE_SUFFIX);
	}
	errno = EEXIST;
	return -1;
}

bool
outfile_open(struct outfile *o, const char *path)
{
	static const cookie_io_functions_t io = {
		.read = NULL, .write = sink_write, .seek = NULL, .close = sink_close,
	};
	const char *refusal;
	struct sink *k;
	int fd;

	memset(o, 0, sizeof(*o));
	o->path = xstrdup(path);
	refusal = outfile_refusal(path);
	if (refusal != NULL) {
		note_refusal(o, refusal);
		release(o);
		return false;
	}
	fd = create_temporary(o);
	if (fd < 0) {
		note_error(o, errno);
		release(o);
		return false;
	}
	k = xcalloc(1, sizeof(*k));
	k->fd = fd;
	o->sink = k;
	o->file = fopencookie(k, "w", io);
	if (o->file == NULL) {
		note_error(o, errno);
		close(fd);
		unlink(o->part);
		release(o);
		return false;
	}
	return true;
}

bool
outfile_ok(struct outfile *o)
{
	if (o->file != NULL && ferror(o->file))
		note_error(o, sink_error(o));
	return o->error[0] == '\0';
}

bool
outfile_commit(struct outfile *o)
{
	const char *refusal;
	bool ok;

	ok = outfile_ok(o) && fflush(o->file) == 0 && !ferror(o->file);
	if (!ok)
		note_error(o, sink_error(o));
	if (fclose(o->file) != 0 && ok) {
		note_error(o, sink_error(o));
		ok = false;
	}
	/* again: PATH may have been replaced while the file was written */
	refusal = ok ? outfile_refusal(o->path) : NULL;
	if (refusal != NULL) {
		note_refusal(o, refusal);
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
