/* xalloc.h - allocation that never returns NULL.
 *
 * On exhaustion these call the fatal handler (util_fatal), which restores
 * the terminal if a UI installed a cleanup hook, prints a message and exits
 * with status 3.  Callers never check for NULL.
 */
#ifndef LOCKSTEP_UTIL_XALLOC_H
#define LOCKSTEP_UTIL_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array of count elements of size bytes to at least need elements,
 * doubling; *count is updated. */
void *xgrow(void *ptr, size_t *count, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a freshly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print "lockstep: message" and exit(3) after running the cleanup hook. */
void util_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
/* Installed by a UI so that every fatal path restores the terminal first. */
void util_set_fatal_cleanup(void (*cleanup)(void));

#endif
