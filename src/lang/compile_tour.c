/* compile_tour.c - tours: each step's thread, found by the name a schedule
 * uses. */
#include "config.h"

#include "lang/compiler.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* A tour step names no thread: say which there are, as a schedule would. */
static void
unknown_tour_thread(struct compiler *c, const struct ast_tour_step *as)
{
	const struct lang_program *prog = c->prog;
	struct strbuf names = { 0 };
	size_t k;
	int g = compile_find_group(c, as->thread);

	if (g >= 0 && prog->groups[g].is_array) {
		compile_error_at(c, as->loc, "'%s' is a group of %d threads; name one of them, "
		    "as a schedule does: %s[0]", as->thread, prog->groups[g].count,
		    as->thread);
		return;
	}
	for (k = 0; k < prog->nthreads; k++)
		strbuf_printf(&names, "%s%s", k ? ", " : "", prog->threads[k].name);
	compile_error_at(c, as->loc, "no thread named '%s' (the threads are %s)", as->thread,
	    strbuf_str(&names));
	strbuf_free(&names);
}

/* Tours name their threads as schedules do ("A", "w[1]", "main"). */
void
compile_tours(struct compiler *c)
{
	struct lang_program *prog = c->prog;
	const struct ast_tour *at;
	const struct ast_tour_step *as;
	size_t n = 0;

	for (at = c->file->tours; at != NULL; at = at->next)
		n++;
	prog->tours = xcalloc(n ? n : 1, sizeof(*prog->tours));
	for (at = c->file->tours; at != NULL && !lang_diags_full(c->diags); at = at->next) {
		struct lang_tour *t = &prog->tours[prog->ntours++];

		t->name = xstrdup(at->name);
		t->loc = at->loc;
		for (as = at->steps; as != NULL; as = as->next)
			t->nsteps++;
		t->steps = xcalloc(t->nsteps ? t->nsteps : 1, sizeof(*t->steps));
		t->nsteps = 0;
		for (as = at->steps; as != NULL; as = as->next) {
			struct lang_tour_step *st = &t->steps[t->nsteps++];
			size_t k;

			st->thread = -1;
			st->caption = xstrdup(as->caption);
			st->loc = as->loc;
			for (k = 0; k < prog->nthreads; k++)
				if (strcmp(prog->threads[k].name, as->thread) == 0)
					st->thread = (int)k;
			if (st->thread < 0)
				unknown_tour_thread(c, as);
		}
	}
}
