/* diag.h - diagnostics as values.
 *
 * Every error the front end finds becomes a struct lang_diag carrying file,
 * line, column, length of the offending token and message; notes attach to
 * the error before them.  The caller decides whether and how to print; the
 * printed form reads like gcc's:
 *
 *     lost.race:4:5: error: unknown name 'countr'
 *         countr += 1
 *         ^~~~~~
 *     lost.race:1:1: note: did you mean 'counter'?
 */
#ifndef LOCKSTEP_LANG_DIAG_H
#define LOCKSTEP_LANG_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum lang_severity { LANG_ERROR, LANG_NOTE };

struct lang_loc {
	unsigned line;		/* 1-based; 0 means no position */
	unsigned col;		/* 1-based, in characters */
	unsigned len;		/* characters to underline; at least 1 */
};

struct lang_diag {
	enum lang_severity severity;
	char *file;
	struct lang_loc loc;
	char *message;
	char *source_line;	/* copy of the line, NULL if none */
};

struct lang_diags {
	struct lang_diag *items;
	size_t count, cap;
	size_t errors;
	bool truncated;		/* LANG_MAX_ERRORS reached; later ones dropped */
};

void lang_diags_init(struct lang_diags *d);
void lang_diags_free(struct lang_diags *d);

struct lang_source;
/* Add a diagnostic; src may be NULL (no source line shown). */
void lang_diag_add(struct lang_diags *d, enum lang_severity sev,
    const struct lang_source *src, const char *file, struct lang_loc loc,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* The same with a va_list, for a caller's own printf-like reporter; the
 * message is kept whole, however long. */
void lang_diag_vadd(struct lang_diags *d, enum lang_severity sev,
    const struct lang_source *src, const char *file, struct lang_loc loc,
    const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));
bool lang_diags_full(const struct lang_diags *d);

/* gcc-style text: location line, source line, caret line. */
void lang_diag_format(const struct lang_diag *diag, FILE *out);
void lang_diags_print(const struct lang_diags *d, FILE *out);

#endif
