#include "config.h"

#include "trace/file.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/outfile.h"
#include "util/readfile.h"
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
	char label[400], verdict[700];
	size_t i;

	fprintf(f, "lockstep-trace %d\n", TRACE_FILE_VERSION);
	fprintf(f, "scenario %s\n", scenario);
	fprintf(f, "source-hash %016" PRIx64 "\n", hash);
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

bool
trace_load(struct trace_file *tf, const char *path, char *err, size_t errsize)
{
	FILE *f = fopen(path, "rb");
	char *text, *cur, *v, *end, why[200];
	size_t len, i;
	int version;

	memset(tf, 0, sizeof(*tf));
	if (f == NULL) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
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
	if (version != TRACE_FILE_VERSION) {
		snprintf(err, errsize, "%s: trace format version %d; this lockstep "
		    "reads version %d", path, version, TRACE_FILE_VERSION);
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
	if ((v = field(&cur, "source-hash", why, sizeof(why))) == NULL)
		goto bad;
	tf->source_hash = strtoull(v, &end, 16);
	if ((v = field(&cur, "policy", why, sizeof(why))) == NULL)
		goto bad;
	tf->policy = xstrdup(v);
	if ((v = field(&cur, "seed", why, sizeof(why))) == NULL)
		goto bad;
	tf->seed = strtoull(v, &end, 10);
	if ((v = field(&cur, "max-steps", why, sizeof(why))) == NULL)
		goto bad;
	tf->max_steps = atoi(v);
	if ((v = field(&cur, "schedule", why, sizeof(why))) == NULL)
		goto bad;
	tf->schedule = xstrdup(v);
	if ((v = field(&cur, "steps", why, sizeof(why))) == NULL)
		goto bad;
	tf->nsteps = strtoul(v, &end, 10);
	for (i = 0; i < tf->nsteps; i++)
		if (field(&cur, "step", why, sizeof(why)) == NULL)
			goto bad;
	if ((v = field(&cur, "verdict", why, sizeof(why))) == NULL)
		goto bad;
	tf->verdict = xstrdup(v);
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
	free(tf->policy);
	free(tf->schedule);
	free(tf->verdict);
	memset(tf, 0, sizeof(*tf));
}
