/* json.h - the one JSON string writer.
 *
 * Every JSON document lockstep writes (reports, explore and free results,
 * asciicast headers and frames) puts its strings through here.  Escaping
 * is exact, so a reader gets the very string back, and chosen so that the
 * raw document is safe on a terminal too: besides what JSON requires ("
 * \ and C0 controls), DEL, C1 controls (U+0080..U+009F), bidirectional
 * overrides and isolates, and U+2028/U+2029 are written as \uXXXX.  Bytes
 * that are not UTF-8 cannot be a JSON string and become \ufffd.
 */
#ifndef LOCKSTEP_UTIL_JSON_H
#define LOCKSTEP_UTIL_JSON_H

#include <stddef.h>
#include <stdio.h>

struct strbuf;

/* The len bytes at s as the inside of a JSON string (no quotes). */
void json_append_escaped(struct strbuf *sb, const char *s, size_t len);
/* s as a JSON string, quotes and all. */
void json_write_string(FILE *out, const char *s);

#endif
