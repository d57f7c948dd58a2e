/* sanitize.h - text from a user's file, made safe to show.
 *
 * Scenario and trace files pass between students, and what they say ends
 * up on a terminal (run, explore, free, list, check's diagnostics, replay,
 * the TUI), in a recording replayed into terminals, or in an exported
 * picture.  A terminal obeys some bytes rather than showing them: ESC
 * starts sequences that retitle the window, clear the screen or remap
 * keys, and so do C1 controls (U+0080..U+009F) on some terminals.  This is
 * the one place that decides what is shown instead:
 *   - C0 controls, DEL and C1 controls are escaped, as \x1b (bytes) and
 *     \u009b (C1 characters);
 *   - bidirectional overrides and isolates (U+202A..U+202E, U+2066..U+2069),
 *     which reorder what follows them on screen, are escaped as \u202e;
 *   - bytes that are not UTF-8 (a stray continuation byte, an overlong form,
 *     a surrogate, a code point beyond U+10FFFF, a sequence cut short) are
 *     each replaced with U+FFFD;
 *   - newline and tab are kept in SANITIZE_TEXT (several lines expected) and
 *     escaped as \n and \t in SANITIZE_LINE (one line expected).
 * A backslash is kept as it is, so text without any of these is unchanged.
 */
#ifndef LOCKSTEP_UTIL_SANITIZE_H
#define LOCKSTEP_UTIL_SANITIZE_H

#include <stddef.h>
#include <stdio.h>

struct strbuf;

enum sanitize_mode {
	SANITIZE_LINE,	/* one line: \n and \t escaped too */
	SANITIZE_TEXT,	/* lines: \n and \t kept */
};

/* Append the len bytes at s, made safe, to sb. */
void sanitize_append(struct strbuf *sb, const char *s, size_t len,
    enum sanitize_mode mode);
/* s made safe, in a new string the caller frees. */
char *sanitize(const char *s, enum sanitize_mode mode);
/* s made safe, into buf of size bytes (NUL-terminated, cut at a character
 * boundary, never in the middle of an escape); returns buf. */
char *sanitize_into(char *buf, size_t size, const char *s, enum sanitize_mode mode);
/* s as Python's repr of a string, on one line: quoted ('it', or "it's"
 * when s holds a ' and no "), its backslashes and that quote escaped, \r as
 * \r, and the rest made safe as SANITIZE_LINE makes it ('a\nb', '\x1b');
 * into buf of size bytes, cut at a character boundary, never in the middle
 * of an escape, with its closing quote (empty if size < 3); returns buf. */
char *sanitize_repr_into(char *buf, size_t size, const char *s);
/* Write s made safe to f. */
void sanitize_fputs(const char *s, enum sanitize_mode mode, FILE *f);

#endif
