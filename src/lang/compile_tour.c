/* compile_tour.c - the goal and the tours. */
#include "config.h"

#include "lang/compile_internal.h"

#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

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

void
compile_goal(struct compiler *c, const struct ast_goal *goal)
{
	struct lang_goal *g = &c->prog->goal;
	const struct ast_expr *e = goal->expr;

	g->kind = goal->kind;
	g->loc = goal->loc;
	switch (goal->kind) {
	case LANG_GOAL_NONE:
		return;
	case LANG_GOAL_DEADLOCK:
		g->text = xstrdup("deadlock");
		return;
	case LANG_GOAL_ASSERTION:
		g->text = xstrdup("assertion");
		return;
	case LANG_GOAL_EXPR:
		break;
	}
	g->text = xstrndup(c->src->text + e->start, e->end - e->start);
	g->expr.text = xstrdup(g->text);
	g->expr.loc = e->loc;
	c->ctx = CTX_EXPECT;
	c->expect_word = "goal";
	c->group = -1;
	c->expect = &g->expr;
	c->code = &g->expr.code;
	c->code_cap = 0;
	c->nlocals = 0;
	compile_expr(c, e);
	compile_emit(c, LANG_OP_END, 0, 0, 0, goal->loc);
	compile_finish_code(c, &g->expr.code);
	c->expect = NULL;
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
