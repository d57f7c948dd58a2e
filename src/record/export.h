/* export.h - a run as a picture for slides (SVG) or a page for handouts
 * (HTML).
 *
 * The SVG has one lane per thread and one column per step: the thread that
 * took the step gets a box labelled with the action, in the thread's
 * colour (the TUI's); the other lanes show whether each thread was ready,
 * blocked (red) or holding a lock (a yellow bar) at that step; racing
 * steps are outlined in red and marked; the verdict is written under the
 * lanes.  The lane states come from replaying the trace's schedule on the
 * model alone.  The HTML page is the step table of `lockstep run` with the
 * final values, the warnings and the verdict, styled for printing.
 */
#ifndef LOCKSTEP_RECORD_EXPORT_H
#define LOCKSTEP_RECORD_EXPORT_H

#include <stdio.h>

#include "trace/trace.h"

void export_svg(const struct trace *tr, const char *scenario, FILE *out);
void export_html(const struct trace *tr, const char *scenario, FILE *out);

#endif
