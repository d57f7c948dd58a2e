/* export_internal.h - what the picture (svg.c) and the handout (html.c)
 * share: the palettes, and the run's state put in words. */
#ifndef LOCKSTEP_RECORD_EXPORT_INTERNAL_H
#define LOCKSTEP_RECORD_EXPORT_INTERNAL_H

#include <stdio.h>

#include "record/export.h"
#include "record/walk.h"
#include "trace/lanes.h"

/* Colours as CSS/SVG colour values.  The thread colours are the TUI's
 * hues (trace_thread_hue), in shades that read on the theme's background. */
struct export_palette {
	const char *background, *panel, *text, *muted, *grid;
	const char *blocked, *held, *race, *ok, *highlight;
	const char *box_opacity;
	const char *scheme;	/* CSS color-scheme: how the browser draws buttons */
	const char *threads[TRACE_HUES];
};

const struct export_palette *export_palette(enum export_theme theme);
const char *export_thread_colour(const struct export_palette *p, int thread);
/* "verdict: deadlock: A waits for m2 held by B; ...", with "the run goes
 * on to step N; " before it if the picture or page ends at step last
 * before the run does. */
void export_verdict_text(const struct trace *tr, size_t last, char *buf, size_t size);
/* "counter = 1", "buf = [0, 1, 0, 0]": shared variable `shared` at the walk's
 * state; false for a primitive or a constant, which the views leave out. */
bool export_shared_text(const struct walk *w, size_t shared, char *buf, size_t size);
/* What thread t is doing at the walk's state: "runnable, next: line 22",
 * "blocked: waits for m2 held by B", "finished". */
void export_thread_text(const struct walk *w, int t, char *buf, size_t size);
/* s as XML/HTML text. */
void export_put_xml(FILE *out, const char *s);

#endif
