/* escape.h - text from a user's file, made safe inside another language.
 *
 * A title, a thread name or a string value can hold any UTF-8 (a trace's
 * policy line or a command-line name any bytes at all), and lockstep puts
 * such text into JSON (reports, recordings, the handout's data) and into
 * XML or HTML (pictures, handouts).  Each language has one escaper here,
 * and both read UTF-8 the same way: a byte that does not start a valid,
 * shortest-form sequence of a code point up to U+10FFFF (and not a
 * surrogate) becomes U+FFFD, so that the output is always valid UTF-8.
 *
 * JSON inside an HTML <script> element needs more than JSON does: the
 * HTML parser ends the element at the first "</script" whatever the JSON
 * means, and "<!--" changes how it looks for that end.  ESCAPE_JSON_IN_HTML
 * therefore writes <, > and & as \u003c, \u003e and \u0026 too (and U+2028
 * and U+2029, which older JavaScript takes for line ends, as \u2028 and
 * \u2029); the JSON still means the same.
 */
#ifndef LOCKSTEP_UTIL_ESCAPE_H
#define LOCKSTEP_UTIL_ESCAPE_H

#include <stddef.h>

#include "util/strbuf.h"

enum escape_json_context {
	ESCAPE_JSON_PLAIN,	/* a .json file, a recording */
	ESCAPE_JSON_IN_HTML,	/* the body of an HTML <script> element */
};

/* Append s[0..len) as the inside of a JSON string (no quotes). */
void escape_json(struct strbuf *sb, const char *s, size_t len,
    enum escape_json_context ctx);
/* Append s as a whole JSON string, quotes included. */
void escape_json_string(struct strbuf *sb, const char *s, enum escape_json_context ctx);
/* Append s as XML or HTML text or attribute value: & < > " escaped,
 * control characters but tab and newline left out. */
void escape_xml(struct strbuf *sb, const char *s);
/* Bytes of the longest prefix of s that is at most max characters of
 * valid UTF-8 (an invalid byte counts as one); for cutting labels. */
size_t escape_utf8_prefix(const char *s, size_t max);
/* Characters in s, counted as escape_utf8_prefix counts them. */
size_t escape_utf8_length(const char *s);

#endif
