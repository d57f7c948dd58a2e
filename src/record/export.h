/* export.h - a run as a picture for slides (SVG) or a handout (HTML).
 *
 * The picture has one lane per thread and one column per step, wrapped
 * into rows so that it fits a 1920 x 1440 slide (scaled down only when
 * even the narrowest columns do not fit): the thread that took the step
 * gets a box labelled with the action in the thread's colour; the other
 * lanes show whether each thread was ready, blocked or holding a lock at
 * that step; racing steps are outlined and marked.  Under the rows come a
 * legend of every colour and glyph, what each thread is doing after the
 * last step shown (a blocked thread's wait, who holds which lock), the
 * shared values, the races and the verdict, wrapped to the width.
 *
 * The handout is one HTML file that needs nothing else (no network, no
 * external script, style or font): the threads' source, the step table,
 * and stepping by keys (left, right, Home, End) or buttons, which marks
 * each thread's line and shows the shared values and the primitives'
 * owners at that step, and the verdict at the end.  The state at each
 * step is embedded as JSON; a URL fragment #step=N (or #step=end) opens
 * the page at step N.
 *
 * Both are written to out as they are made: whole-or-nothing is the
 * caller's (util/outfile.h).  The states between steps come from replaying
 * the trace's schedule on the model (record/walk.h).
 *
 * A run that took a tour (run --tour) shows the tour's captions: the
 * picture lists them under the rows, one line a shown step; the handout
 * in the step table and, as you step, above the threads.
 */
#ifndef LOCKSTEP_RECORD_EXPORT_H
#define LOCKSTEP_RECORD_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "trace/trace.h"

/* The largest picture, in pixels: a 4:3 slide at 1920 wide. */
#define EXPORT_MAX_WIDTH  1920
#define EXPORT_MAX_HEIGHT 1440

enum export_theme {
	EXPORT_THEME_LIGHT,	/* dark on white: projectors, print (the default) */
	EXPORT_THEME_DARK,	/* light on near-black: screens in a dark room */
};

struct export_options {
	size_t first, last;	/* the steps shown, 1-based, inclusive; 0 and 0
				 * mean every step */
	enum export_theme theme;
	const struct lang_tour *tour;	/* the tour the run took: its captions
					 * go with its steps; or NULL */
};

/* "light" or "dark"; false for anything else. */
bool export_theme_by_name(const char *name, enum export_theme *theme);
/* The steps opt asks for, checked against the run: false with a message
 * in err if they lie beyond its end. */
bool export_steps(const struct trace *tr, const struct export_options *opt,
    size_t *first, size_t *last, char *err, size_t errsize);

/* The caption opt's tour gives step i (1-based), or NULL: no tour, or a
 * step after the tour's end. */
const char *export_caption(const struct export_options *opt, size_t i);

/* opt NULL: every step, the light theme (what the TUI's `s` saves).  The
 * steps must pass export_steps. */
void export_svg(const struct trace *tr, const char *scenario,
    const struct export_options *opt, FILE *out);
void export_html(const struct trace *tr, const char *scenario,
    const struct export_options *opt, FILE *out);

#endif
