/* tour.h - a scenario's tours: checked on the model, found by number or
 * name, and turned into the schedule a run takes.
 *
 * The compiler resolves a tour's thread names; whether each step can run
 * where it stands depends on the run so far, so it is checked here by
 * stepping the model alone (no threads) through the tour: a step by a
 * thread that is blocked, finished or not yet started, or after the run
 * has ended, is an error at that step's line.
 */
#ifndef LOCKSTEP_TRACE_TOUR_H
#define LOCKSTEP_TRACE_TOUR_H

#include <stdbool.h>

#include "lang/diag.h"
#include "lang/program.h"
#include "trace/schedule.h"

/* Check every tour of prog; false after adding an error to diags for each
 * tour that cannot be taken (its first impossible step). */
bool tour_validate(const struct lang_program *prog, struct lang_diags *diags);
/* The tour that text names: its number from 1, or its name; -1 if none. */
int tour_find(const struct lang_program *prog, const char *text);
/* Append tour's steps to s, each with choice 0. */
void tour_schedule(const struct lang_tour *tour, struct schedule *s);

#endif
