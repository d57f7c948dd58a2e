/* strbuf.h - a growable NUL-terminated byte string (and appending to a
 * fixed one).
 *
 * A zeroed struct strbuf is an empty buffer; strbuf_free releases it and
 * leaves it empty again.  buf is never NULL after the first append.
 */
#ifndef LOCKSTEP_UTIL_STRBUF_H
#define LOCKSTEP_UTIL_STRBUF_H

#include <stddef.h>

struct strbuf {
	char *buf;
	size_t len;
	size_t cap;
};

void strbuf_append(struct strbuf *sb, const char *s, size_t n);
void strbuf_puts(struct strbuf *sb, const char *s);
void strbuf_putc(struct strbuf *sb, char c);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The contents, "" for an untouched buffer. */
const char *strbuf_str(const struct strbuf *sb);
/* Hand the string to the caller (who frees it); the buffer is left empty. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_free(struct strbuf *sb);

/* Append to the NUL-terminated string in buf, which has size bytes, cut
 * short when it is full: for the fixed buffers of messages. */
void strbuf_catf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
