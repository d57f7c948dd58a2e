#include "config.h"

#include "trace/schedule.h"

#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

void
schedule_append(struct schedule *s, int thread, int choice)
{
	s->entries = xgrow(s->entries, &s->cap, s->count + 1, sizeof(*s->entries));
	s->entries[s->count].thread = thread;
	s->entries[s->count].choice = choice;
	s->count++;
}

void
schedule_free(struct schedule *s)
{
	free(s->entries);
	memset(s, 0, sizeof(*s));
}

static int
thread_by_name(const struct lang_program *prog, const char *name, size_t len)
{
	size_t t;

	for (t = 0; t < prog->nthreads; t++)
		if (strlen(prog->threads[t].name) == len &&
		    memcmp(prog->threads[t].name, name, len) == 0)
			return (int)t;
	return -1;
}

bool
schedule_parse(struct schedule *s, const struct lang_program *prog, const char *text,
    char *err, size_t errsize)
{
	const char *p = text;
	size_t step = 1;

	while (*p != '\0') {
		size_t len = strcspn(p, ",:");
		int t, choice = 0;

		while (len > 0 && p[len - 1] == ' ')
			len--;
		while (*p == ' ' && len > 0) {
			p++;
			len--;
		}
		t = thread_by_name(prog, p, len);
		if (t < 0) {
			struct strbuf names = { 0 };
			size_t i;

			for (i = 0; i < prog->nthreads; i++)
				strbuf_printf(&names, "%s%s", i ? ", " : "",
				    prog->threads[i].name);
			snprintf(err, errsize, "step %zu of the schedule: no thread named "
			    "'%.*s' (the threads are %s)", step, (int)len, p,
			    strbuf_str(&names));
			strbuf_free(&names);
			return false;
		}
		p += strcspn(p, ",:");
		if (*p == ':') {
			char *end;
			long c = strtol(p + 1, &end, 10);

			if (end == p + 1 || c < 0 || c > 1000000) {
				snprintf(err, errsize, "step %zu of the schedule: a choice "
				    "after ':' is a number from 0", step);
				return false;
			}
			choice = (int)c;
			p = end;
			while (*p == ' ')
				p++;
		}
		schedule_append(s, t, choice);
		if (*p == ',')
			p++;
		else if (*p != '\0') {
			snprintf(err, errsize, "step %zu of the schedule: expected ',' "
			    "between steps", step);
			return false;
		}
		step++;
	}
	return true;
}

void
schedule_print(const struct schedule *s, const struct lang_program *prog, FILE *out)
{
	size_t i;

	for (i = 0; i < s->count; i++) {
		fprintf(out, "%s%s", i ? "," : "", prog->threads[s->entries[i].thread].name);
		if (s->entries[i].choice != 0)
			fprintf(out, ":%d", s->entries[i].choice);
	}
}
