/* readfile.c - read a whole file of bounded size. */
#include "config.h"

#include "util/readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/xalloc.h"

const char *
read_file_refusal(mode_t mode)
{
	if (S_ISREG(mode))
		return NULL;
	if (S_ISDIR(mode))
		return "is a directory, not a regular file";
	if (S_ISFIFO(mode))
		return "is a FIFO, not a regular file";
	if (S_ISCHR(mode) || S_ISBLK(mode))
		return "is a device, not a regular file";
	if (S_ISSOCK(mode))
		return "is a socket, not a regular file";
	if (S_ISLNK(mode))
		return "is a symbolic link, not a regular file";
	return "is not a regular file";
}

FILE *
read_open(const char *path, const char **why)
{
	struct stat st;
	FILE *f;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		*why = strerror(errno);
		return NULL;
	}
	if (fstat(fd, &st) != 0) {
		*why = strerror(errno);
		close(fd);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = read_file_refusal(st.st_mode);
		close(fd);
		return NULL;
	}
	/* a regular file never blocks; the flag only guarded the open */
	(void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "rb");
	if (f == NULL) {
		*why = strerror(errno);
		close(fd);
	}
	return f;
}

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
