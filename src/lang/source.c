#include "config.h"

#include "lang/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/diag.h"
#include "lang/limits.h"
#include "util/readfile.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Check bytes and line lengths, build the line index.  Reports the first
 * problem only: past a bad byte nothing after it can be trusted. */
static bool
index_and_check(struct lang_source *src, struct lang_diags *diags)
{
	const unsigned char *s = (const unsigned char *)src->text;
	size_t cap = 0, i = 0, line = 1, col = 1;

	src->line_start = xgrow(NULL, &cap, 1, sizeof(size_t));
	src->line_start[0] = 0;
	src->nlines = 1;
	while (i < src->len) {
		struct lang_loc loc = { (unsigned)line, (unsigned)col, 1 };
		size_t n;

		if (s[i] == '\0') {
			lang_diag_add(diags, LANG_ERROR, src, src->path, loc,
			    "NUL byte in scenario file (is it a binary file?)");
			return false;
		}
		n = utf8_decode(s + i, src->len - i, NULL);
		if (n == 0) {
			lang_diag_add(diags, LANG_ERROR, src, src->path, loc,
			    "invalid UTF-8 byte 0x%02x (save the file as UTF-8)", s[i]);
			return false;
		}
		if (s[i] == '\n') {
			src->line_start = xgrow(src->line_start, &cap,
			    src->nlines + 1, sizeof(size_t));
			src->line_start[src->nlines++] = i + 1;
			line++;
			col = 1;
		} else if (++col > LANG_MAX_LINE_CHARS + 1) {
			loc.col = LANG_MAX_LINE_CHARS + 1;
			lang_diag_add(diags, LANG_ERROR, src, src->path, loc,
			    "line is longer than %d characters", LANG_MAX_LINE_CHARS);
			return false;
		}
		i += n;
	}
	return true;
}

/* Python reads a lone CR (old Mac line ends) as a line end, as it does
 * CRLF; so does everything after this, which knows LF and CRLF.  CRLF is
 * kept as it is, so a trace of a CRLF file keeps its source hash. */
static void
end_lone_cr_lines(char *text, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))
			text[i] = '\n';
}

bool
lang_source_is_python(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".py") == 0;
}

struct lang_source *
lang_source_from_memory(const char *path, const char *text, size_t len,
    struct lang_diags *diags)
{
	struct lang_source *src;

	if (len > LANG_MAX_FILE_BYTES) {
		lang_diag_add(diags, LANG_ERROR, NULL, path, (struct lang_loc){ 0, 0, 0 },
		    "file is larger than %d bytes (the limit for a scenario)",
		    LANG_MAX_FILE_BYTES);
		return NULL;
	}
	/* A byte order mark, which Windows editors write, is not text. */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;
		len -= 3;
	}
	src = xcalloc(1, sizeof(*src));
	src->path = xstrdup(path);
	src->python = lang_source_is_python(path);
	src->text = xstrndup(text, len);
	src->len = len;
	end_lone_cr_lines(src->text, len);
	if (!index_and_check(src, diags)) {
		lang_source_free(src);
		return NULL;
	}
	return src;
}

struct lang_source *
lang_source_load(const char *path, struct lang_diags *diags)
{
	static const struct lang_loc noloc = { 0, 0, 0 };
	struct lang_source *src;
	char *buf;
	const char *why;
	size_t len;
	FILE *f;

	f = read_open(path, &why);
	if (f == NULL) {
		lang_diag_add(diags, LANG_ERROR, NULL, path, noloc, "%s", why);
		return NULL;
	}
	buf = read_bounded(f, LANG_MAX_FILE_BYTES, &len);
	if (buf == NULL) {
		lang_diag_add(diags, LANG_ERROR, NULL, path, noloc, "%s",
		    errno != 0 ? strerror(errno) : "read error");
		fclose(f);
		return NULL;
	}
	fclose(f);
	src = lang_source_from_memory(path, buf, len, diags);
	free(buf);
	return src;
}

void
lang_source_free(struct lang_source *src)
{
	if (src == NULL)
		return;
	free(src->path);
	free(src->text);
	free(src->line_start);
	free(src);
}

const char *
lang_source_line(const struct lang_source *src, size_t line, size_t *len)
{
	size_t start, end;

	if (line == 0 || line > src->nlines) {
		*len = 0;
		return NULL;
	}
	start = src->line_start[line - 1];
	end = line < src->nlines ? src->line_start[line] - 1 : src->len;
	if (end > start && src->text[end - 1] == '\r')
		end--;
	*len = end - start;
	return src->text + start;
}
