/* report.h - an exploration's result as text for people, or as JSON.
 *
 * The text says first whether the search was exhaustive and, if not, what
 * bounded it; then how many schedules it followed, the outcomes with how
 * many schedules end in each, the verdicts, the data races, and the
 * shortest schedule to each failure, in the form --schedule takes.
 */
#ifndef LOCKSTEP_EXPLORE_REPORT_H
#define LOCKSTEP_EXPLORE_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "explore/explore.h"

struct explore_report_options {
	bool timing;		/* seconds and states per second (not in goldens) */
	int width;		/* columns available (80) */
};

void explore_report_text(const struct explore_result *r, const struct model *m,
    const char *scenario, const struct explore_report_options *opt, FILE *out);
void explore_report_json(const struct explore_result *r, const struct model *m,
    const char *scenario, FILE *out);

/* What kept the search from being exhaustive, in a few words ("at most 2
 * preemptions", "the memory limit, 4096 MiB"), for "not proven: no
 * failure in N executions (bounded by ...)". */
void explore_report_bound(const struct explore_result *r, char *buf, size_t size);

/* For other views of the outcomes (the terminal UI's histogram): */
/* "counter = 1, buf = [1, 2]", cut to fit size. */
void explore_report_shared(const struct model *m, const struct model_value *values,
    char *buf, size_t size);
/* ", printed 'a\nb\n'" (cut after 60 bytes), ", printed nothing", or ""
 * for a program without print. */
void explore_report_output(const struct model *m, const char *output, char *buf,
    size_t size);
/* "ok", "deadlock", "assertion failed in consumer[1]" */
void explore_report_label(const struct model *m, const struct model_verdict *v, char *buf,
    size_t size);

#endif
