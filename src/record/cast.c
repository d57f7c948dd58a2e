#include "config.h"

#include "record/cast.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/json.h"
#include "util/monotonic.h"
#include "util/outfile.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

struct cast {
	struct outfile out;
	double last_real;	/* monotonic seconds of the last event */
	double elapsed;		/* the recording's clock, idle time capped */
	unsigned char pending[4];	/* the start of a split UTF-8 character */
	size_t npending;
};

/* The recording's time of an event now. */
static double
event_time(struct cast *c)
{
	double now = monotonic_seconds(), gap = now - c->last_real;

	c->last_real = now;
	c->elapsed += gap > CAST_IDLE_LIMIT ? CAST_IDLE_LIMIT : gap;
	return c->elapsed;
}

/* Write and flush; a failure is kept in c->out.error and later writes are
 * skipped. */
static void
write_line(struct cast *c, const struct strbuf *sb)
{
	FILE *f = c->out.file;

	if (c->out.error[0] != '\0')
		return;
	if (fwrite(sb->buf, 1, sb->len, f) != sb->len || fflush(f) != 0)
		outfile_ok(&c->out);
}

static void
write_event(struct cast *c, const char *code, const unsigned char *data, size_t len)
{
	struct strbuf sb = { 0 };

	strbuf_printf(&sb, "[%.6f, \"%s\", \"", event_time(c), code);
	json_append_escaped(&sb, (const char *)data, len);
	strbuf_puts(&sb, "\"]\n");
	write_line(c, &sb);
	strbuf_free(&sb);
}

struct cast *
cast_open(const char *path, int width, int height, const char *title, char *err,
    size_t errsize)
{
	struct cast *c = xcalloc(1, sizeof(*c));
	struct strbuf sb = { 0 };

	if (!outfile_open(&c->out, path)) {
		snprintf(err, errsize, "%s", c->out.error);
		free(c);
		return NULL;
	}
	c->last_real = monotonic_seconds();
	strbuf_printf(&sb, "{\"version\": 2, \"width\": %d, \"height\": %d, "
	    "\"timestamp\": %lld, \"idle_time_limit\": %.1f, \"title\": \"", width, height,
	    (long long)time(NULL), CAST_IDLE_LIMIT);
	json_append_escaped(&sb, title, strlen(title));
	strbuf_puts(&sb, "\", \"env\": {\"TERM\": \"xterm-256color\", \"SHELL\": \"/bin/sh\"}}\n");
	write_line(c, &sb);
	strbuf_free(&sb);
	return c;
}

void
cast_output(struct cast *c, const char *bytes, size_t len)
{
	unsigned char buf[4096 + 4];
	size_t n = c->npending, keep = 0, i;

	while (len > 0) {
		size_t take = len < 4096 ? len : 4096;

		memcpy(buf, c->pending, c->npending);
		memcpy(buf + c->npending, bytes, take);
		n = c->npending + take;
		bytes += take;
		len -= take;
		/* hold back an incomplete character at the end for the next write */
		keep = 0;
		for (i = n; i > 0 && i > n - 4 && keep == 0; i--) {
			unsigned char b = buf[i - 1];
			size_t want = utf8_lead_length(b);

			if (utf8_is_continuation(b))
				continue;
			if (want > n - (i - 1))
				keep = n - (i - 1);
			break;
		}
		c->npending = keep;
		memcpy(c->pending, buf + n - keep, keep);
		if (n > keep)
			write_event(c, "o", buf, n - keep);
	}
}

void
cast_resize(struct cast *c, int width, int height)
{
	char size[32];

	snprintf(size, sizeof(size), "%dx%d", width, height);
	write_event(c, "r", (const unsigned char *)size, strlen(size));
}

void
cast_marker(struct cast *c, const char *label)
{
	write_event(c, "m", (const unsigned char *)label, strlen(label));
}

const char *
cast_error(const struct cast *c)
{
	return c->out.error[0] != '\0' ? c->out.error : NULL;
}

bool
cast_close(struct cast *c, char *err, size_t errsize)
{
	bool ok;

	if (c->npending > 0)
		write_event(c, "o", c->pending, c->npending);
	ok = outfile_commit(&c->out);
	if (!ok)
		snprintf(err, errsize, "%s", c->out.error);
	free(c);
	return ok;
}

void
cast_abandon(struct cast *c)
{
	outfile_abandon(&c->out);
	free(c);
}
