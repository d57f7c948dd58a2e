/* utf8.h - UTF-8: the one decoder, encoder and display width.
 *
 * Scenario and trace files are UTF-8 whatever the locale, so decoding is
 * done here by hand, strictly (shortest form, no surrogates, nothing past
 * U+10FFFF), and does not depend on LC_CTYPE.  How many columns a
 * character takes is the terminal's business, so that comes from the
 * locale (wcwidth), as the terminal's own does: a CJK character takes two.
 */
#ifndef LOCKSTEP_UTIL_UTF8_H
#define LOCKSTEP_UTIL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the UTF-8 sequence at s (at most avail bytes), or 0 if it is
 * not a valid, shortest-form encoding of a Unicode scalar value; its code
 * point in *cp when cp is not NULL. */
size_t utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);
/* cp as UTF-8 in out; returns its length, 1 to 4. */
size_t utf8_encode(uint32_t cp, char out[4]);
/* Whether b continues a sequence rather than starting one. */
bool utf8_is_continuation(unsigned char b);
/* The length of a sequence that starts with lead byte b (1 to 4), or 0
 * for a continuation byte or a byte that starts none. */
size_t utf8_lead_length(unsigned char b);
/* Columns cp takes on a terminal in the current locale: 2 for a wide
 * character, else 1 (a character the locale does not know, a control or
 * a combining mark each take one cell of a frame). */
int utf8_width(uint32_t cp);
/* The bytes of the longest run of whole characters among the first n
 * bytes of s that fits in cols columns; its columns in *width. */
size_t utf8_fit(const char *s, size_t n, int cols, int *width);
/* Columns of the UTF-8 text s, an invalid byte counting one. */
int utf8_text_width(const char *s);

#endif
