/* source.h - a scenario file's text, checked and split into lines.
 *
 * lang_source_load reads at most LANG_MAX_FILE_BYTES, skips a UTF-8 byte
 * order mark at the start, rejects NUL bytes and invalid UTF-8 with a
 * diagnostic, and indexes lines so that diagnostics and views can show any
 * source line.  The source owns its text.
 */
#ifndef LOCKSTEP_LANG_SOURCE_H
#define LOCKSTEP_LANG_SOURCE_H

#include <stdbool.h>
#include <stddef.h>

struct lang_diags;

struct lang_source {
	char *path;		/* as given, used in diagnostics */
	char *text;		/* NUL-terminated; the file's bytes, less a
				 * UTF-8 byte order mark at the start */
	size_t len;
	size_t *line_start;	/* byte offset of each line, 0-based array */
	size_t nlines;
	bool python;		/* a .py file: Python mode (see lang_source_is_python) */
};

/* Whether path names a Python program (it ends in ".py"): the one front end
 * then reads it as Python, where lockstep's own words (thread, main,
 * expect, atomic, daemon, tour, goal, title:, about:, tid) are ordinary
 * names and the module body is the main thread. */
bool lang_source_is_python(const char *path);

/* Read path; on failure NULL and a diagnostic in diags. */
struct lang_source *lang_source_load(const char *path, struct lang_diags *diags);
/* Build from memory (tests, fuzzing); text need not be NUL-terminated.
 * NULL and a diagnostic if the bytes are not an acceptable scenario file. */
struct lang_source *lang_source_from_memory(const char *path, const char *text,
    size_t len, struct lang_diags *diags);
void lang_source_free(struct lang_source *src);

/* Line number is 1-based; the line's bytes without its newline. */
const char *lang_source_line(const struct lang_source *src, size_t line,
    size_t *len);

#endif
