/* escape.h - text from a user's file, made safe inside XML, HTML and an
 * HTML page's script data.
 *
 * A title, a thread name or a string value can hold any UTF-8 (a trace's
 * policy line or a command-line name any bytes at all), and the picture
 * and the handout put such text into XML and HTML, which may well be
 * written to a terminal.  So it is first made safe as util/sanitize.h
 * makes text for a terminal, which also makes it valid UTF-8.
 *
 * JSON inside an HTML <script> element needs more than JSON does: the
 * HTML parser ends the element at the first "</script" whatever the JSON
 * means, and "<!--" changes how it looks for that end.  So the script's
 * strings are the one JSON writer's (util/json.h) with <, > and & written
 * as \u003c, \u003e and \u0026 as well; the JSON still means the same.
 */
#ifndef LOCKSTEP_UTIL_ESCAPE_H
#define LOCKSTEP_UTIL_ESCAPE_H

#include <stddef.h>

struct strbuf;

/* Append s as XML or HTML text or attribute value: made safe as
 * sanitize(s, SANITIZE_TEXT) makes it (control characters and
 * bidirectional overrides shown as \x1b, \u202e; not UTF-8 replaced),
 * then & < > " escaped. */
void escape_xml(struct strbuf *sb, const char *s);
/* Append s as a JSON string, quotes and all, safe inside <script>. */
void escape_script_json_string(struct strbuf *sb, const char *s);
/* Bytes of the longest prefix of s that is at most max characters (an
 * invalid byte counts as one); for cutting labels. */
size_t escape_utf8_prefix(const char *s, size_t max);
/* Characters in s, counted as escape_utf8_prefix counts them. */
size_t escape_utf8_length(const char *s);

#endif
