#include "config.h"

#include "trace/file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lang/limits.h"
#include "lang/source.h"
#include "util/number.h"
#include "util/outfile.h"
#include "util/readfile.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

uint64_t
trace_source_hash(const char *text, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)text[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
trace_verdict_line(const struct trace *tr, char *buf, size_t size)
{
	if (tr->verdict.kind == MODEL_OK)
		snprintf(buf, size, "ok");
	else
		snprintf(buf, size, "%s: %s", trace_verdict_name(tr->verdict.kind),
		    tr->verdict.message);
}

static void
write_body(const struct trace *tr, const char *scenario, uint64_t hash, FILE *f)
{
	const struct lang_source *src = tr->prog->source;
	char label[400], verdict[700];
	size_t i;

	fprintf(f, "lockstep-trace %d\n", TRACE_FILE_VERSION);
	fprintf(f, "scenario %s\n", scenario);
	fprintf(f, "source-hash %016" PRIx64 "\n", hash);
	fprintf(f, "source %zu\n", src->len);
	fwrite(src->text, 1, src->len, f);
	fputc('\n', f);
	fprintf(f, "policy %s\n", tr->policy);
	fprintf(f, "seed %" PRIu64 "\n", tr->seed);
	fprintf(f, "max-steps %d\n", tr->max_steps);
	fputs("schedule ", f);
	schedule_print(&tr->schedule, tr->prog, f);
	fprintf(f, "\nsteps %zu\n", tr->nsteps);
	for (i = 0; tr->steps != NULL && i < tr->nsteps && i < TRACE_MAX_STEPS; i++) {
		trace_step_label(tr, &tr->steps[i], label, sizeof(label));
		fprintf(f, "step %zu %s %s\n", i + 1,
		    tr->prog->threads[tr->steps[i].thread].name, label);
	}
	trace_verdict_line(tr, verdict, sizeof(verdict));
	fprintf(f, "verdict %s\nend\n", verdict);
}

bool
trace_save(const struct trace *tr, const char *scenario, uint64_t hash, const char *path,
    char *err, size_t errsize)
{
	struct outfile out;

	if (tr->truncated) {
		snprintf(err, errsize, "cannot save a trace of more than %d steps",
		    TRACE_MAX_STEPS);
		return false;
	}
	if (!outfile_open(&out, path)) {
		snprintf(err, errsize, "%s", out.error);
		return false;
	}
	write_body(tr, scenario, hash, out.file);
	if (!outfile_commit(&out)) {
		snprintf(err, errsize, "%s", out.error);
		return false;
	}
	return true;
}

/* The value of "key VALUE" lines, in order. */
static char *
field(char **cursor, const char *key, char *err, size_t errsize)
{
	char *line = *cursor, *end;
	size_t klen = strlen(key);

	end = strchr(line, '\n');
	if (end == NULL || strncmp(line, key, klen) != 0 || line[klen] != ' ') {
		snprintf(err, errsize, "expected a '%s' line", key);
		return NULL;
	}
	*end = '\0';
	*cursor = end + 1;
	return line + klen + 1;
}

/* A "key N" line whose N is a number in [min, max], checked before anything
 * is done with it: a count is a promise the rest of the file must keep, and
 * it is not believed beyond the limit. */
static bool
number_field(char **cursor, const char *key, int base, uint64_t min, uint64_t max,
    uint64_t *out, char *err, size_t errsize)
{
	char *v = field(cursor, key, err, errsize);

	if (v == NULL)
		return false;
	if (!number_parse(v, base, min, max, out)) {
		snprintf(err, errsize, "'%s %.40s%s': expected a %snumber from %" PRIu64
		    " to %" PRIu64, key, v, strlen(v) > 40 ? "..." : "",
		    base == 16 ? "hexadecimal " : "", min, max);
		return false;
	}
	return true;
}

/* The scenario's bytes after a "source N" line, and the newline after them. */
static bool
source_field(struct trace_file *tf, char **cursor, const char *text_end, char *err,
    size_t errsize)
{
	uint64_t n;

	if (!number_field(cursor, "source", 10, 0, LANG_MAX_FILE_BYTES, &n, err, errsize))
		return false;
	if ((uint64_t)(text_end - *cursor) < n + 1 || (*cursor)[n] != '\n') {
		snprintf(err, errsize, "the scenario's source is cut short "
		    "(%" PRIu64 " bytes promised)", n);
		return false;
	}
	tf->source = xmalloc(n + 1);
	memcpy(tf->source, *cursor, n);
	tf->source[n] = '\0';
	tf->source_len = n;
	*cursor += n + 1;
	return true;
}

/* Entries of a schedule line, counted before it is parsed. */
static size_t
schedule_length(const char *schedule)
{
	size_t n = *schedule != '\0';

	for (; *schedule != '\0'; schedule++)
		n += *schedule == ',';
	return n;
}

bool
trace_load(struct trace_file *tf, const char *path, char *err, size_t errsize)
{
	const char *refusal;
	FILE *f = read_open(path, &refusal);
	char *text, *cur, *v, why[200];
	uint64_t n;
	size_t len, i;
	int version;

	memset(tf, 0, sizeof(*tf));
	if (f == NULL) {
		snprintf(err, errsize, "%s: %s", path, refusal);
		return false;
	}
	text = read_bounded(f, TRACE_FILE_MAX_BYTES, &len);
	if (text == NULL) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		fclose(f);
		return false;
	}
	fclose(f);
	if (len > TRACE_FILE_MAX_BYTES) {
		snprintf(err, errsize, "%s: larger than %d bytes; not a trace", path,
		    TRACE_FILE_MAX_BYTES);
		free(text);
		return false;
	}
	if (memchr(text, '\0', len) != NULL || sscanf(text, "lockstep-trace %d\n",
	    &version) != 1) {
		snprintf(err, errsize, "%s: not a lockstep trace (no 'lockstep-trace' "
		    "first line)", path);
		free(text);
		return false;
	}
	if (version < 1 || version > TRACE_FILE_VERSION) {
		snprintf(err, errsize, "%s: trace format version %d; this lockstep "
		    "reads versions 1 to %d", path, version, TRACE_FILE_VERSION);
		free(text);
		return false;
	}
	why[0] = '\0';
	cur = strchr(text, '\n');
	if (cur == NULL) {
		snprintf(why, sizeof(why), "nothing after the first line");
		goto bad;
	}
	cur++;
	if ((v = field(&cur, "scenario", why, sizeof(why))) == NULL)
		goto bad;
	tf->scenario = xstrdup(v);
	if (!number_field(&cur, "source-hash", 16, 0, UINT64_MAX, &tf->source_hash, why,
	    sizeof(why)))
		goto bad;
	/* version 1 named its scenario only; 2 carries it */
	if (version >= 2 && !source_field(tf, &cur, text + len, why, sizeof(why)))
		goto bad;
	if (tf->source != NULL &&
	    trace_source_hash(tf->source, tf->source_len) != tf->source_hash) {
		snprintf(why, sizeof(why), "its copy of the scenario does not match "
		    "its source-hash");
		goto bad;
	}
	if ((v = field(&cur, "policy", why, sizeof(why))) == NULL)
		goto bad;
	tf->policy = sanitize(v, SANITIZE_LINE);	/* shown, nothing else */
	if (!number_field(&cur, "seed", 10, 0, UINT64_MAX, &tf->seed, why, sizeof(why)))
		goto bad;
	if (!number_field(&cur, "max-steps", 10, 1, MODEL_MAX_STEPS_LIMIT, &n, why,
	    sizeof(why)))
		goto bad;
	tf->max_steps = (int)n;
	if ((v = field(&cur, "schedule", why, sizeof(why))) == NULL)
		goto bad;
	if (schedule_length(v) > TRACE_MAX_STEPS) {
		snprintf(why, sizeof(why), "a schedule of %zu steps; a trace holds at "
		    "most %d", schedule_length(v), TRACE_MAX_STEPS);
		goto bad;
	}
	tf->schedule = xstrdup(v);
	if (!number_field(&cur, "steps", 10, 0, TRACE_MAX_STEPS, &n, why, sizeof(why)))
		goto bad;
	tf->nsteps = (size_t)n;
	for (i = 0; i < tf->nsteps; i++)
		if (field(&cur, "step", why, sizeof(why)) == NULL)
			goto bad;
	if ((v = field(&cur, "verdict", why, sizeof(why))) == NULL)
		goto bad;
	tf->verdict = sanitize(v, SANITIZE_LINE);
	if (strncmp(cur, "end", 3) != 0) {
		snprintf(why, sizeof(why), "expected the 'end' line");
		goto bad;
	}
	free(text);
	return true;
bad:
	snprintf(err, errsize, "%s: damaged trace: %s", path, why);
	trace_file_free(tf);
	free(text);
	return false;
}

void
trace_file_free(struct trace_file *tf)
{
	free(tf->scenario);
	free(tf->source);
	free(tf->policy);
	free(tf->schedule);
	free(tf->verdict);
	memset(tf, 0, sizeof(*tf));
}
