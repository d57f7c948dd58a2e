/* schedule.h - a schedule: which thread takes each step, and for the steps
 * that have alternatives (notify), which one.
 *
 * Written as thread names separated by commas, a choice after a colon:
 * "A,B,B,A" or "main,w[0],N:1".  The same text is what a trace stores and
 * what --schedule takes.
 */
#ifndef LOCKSTEP_TRACE_SCHEDULE_H
#define LOCKSTEP_TRACE_SCHEDULE_H

#include <stddef.h>
#include <stdio.h>

#include "lang/program.h"

struct schedule_entry {
	int thread;
	int choice;
};

struct schedule {
	struct schedule_entry *entries;
	size_t count, cap;
};

void schedule_append(struct schedule *s, int thread, int choice);
void schedule_free(struct schedule *s);
/* Parse text against the program's thread names; false with a message in
 * err ("no thread named 'C' (the threads are A, B)"). */
bool schedule_parse(struct schedule *s, const struct lang_program *prog,
    const char *text, char *err, size_t errsize);
void schedule_print(const struct schedule *s, const struct lang_program *prog, FILE *out);

#endif
