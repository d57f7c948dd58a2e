#include "config.h"

#include "explore/depend.h"

#include <stdlib.h>

#include "util/xalloc.h"

static bool
is_jump(uint8_t op)
{
	return op == LANG_OP_JUMP || op == LANG_OP_JUMP_IF_FALSE || op == LANG_OP_JUMP_IF_TRUE ||
	    op == LANG_OP_JUMP_IF_FALSE_OR_POP || op == LANG_OP_JUMP_IF_TRUE_OR_POP;
}

/* Lines of code whose sleeps are all outside loops (a loop is what a
 * backward jump spans); *nlone counts those sleeps. */
static unsigned char *
lone_sleep_lines(const struct lang_code *code, unsigned *nlines, int *nlone)
{
	int *depth = xcalloc(code->count + 2, sizeof(int));
	unsigned char *lines;
	unsigned max = 0;
	size_t i;
	int inside = 0;

	for (i = 0; i < code->count; i++) {
		const struct lang_insn *in = &code->insns[i];

		if (in->loc.line > max)
			max = in->loc.line;
		if (is_jump(in->op) && in->a >= 0 && (size_t)in->a <= i) {
			depth[in->a]++;
			depth[i + 1]--;
		}
	}
	lines = xcalloc(max + 1, 1);
	for (i = 0; i < code->count; i++) {
		const struct lang_insn *in = &code->insns[i];

		inside += depth[i];
		if (in->op != LANG_OP_SLEEP)
			continue;
		if (inside > 0) {
			lines[in->loc.line] = 2;
		} else if (lines[in->loc.line] != 2) {
			lines[in->loc.line] = 1;
			++*nlone;
		}
	}
	for (i = 0; i <= max; i++)
		lines[i] = lines[i] == 1;
	free(depth);
	*nlines = max + 1;
	return lines;
}

/* Whether the jump at i is the one back to the top of a `for i in
 * range(...)`: after adding a constant (never 0) to the loop's hidden
 * counter, which nothing else writes.  Such a loop cannot come back to a
 * state it was in: the counter moves on each time round. */
static bool
is_range_step(const struct lang_code *code, size_t i)
{
	const struct lang_insn *in = code->insns;
	int counter;

	if (i < 3 || in[i].op != LANG_OP_JUMP || in[i - 1].op != LANG_OP_STORE_LOCAL ||
	    in[i - 2].op != LANG_OP_BINARY || in[i - 2].a != LANG_BIN_ADD ||
	    !(in[i - 2].flags & LANG_IF_IMM) || in[i - 2].b == 0 ||
	    in[i - 3].op != LANG_OP_LOAD_LOCAL || in[i - 3].a != in[i - 1].a)
		return false;
	counter = in[i - 1].a;
	return counter >= 0 && counter < code->nlocals && code->local_names[counter][0] == '$';
}

bool
depend_has_loops(const struct lang_program *prog)
{
	size_t g, i;

	/* every code a thread runs: its own and the functions' (a call is
	 * no loop: each call's frame is deeper, and recursion is bounded) */
	for (g = 0; g < prog->ngroups + prog->nfunctions; g++) {
		const struct lang_code *code = g < prog->ngroups ? &prog->groups[g].code :
		    &prog->functions[g - prog->ngroups].code;

		for (i = 0; i < code->count; i++)
			if (is_jump(code->insns[i].op) && code->insns[i].a >= 0 &&
			    (size_t)code->insns[i].a <= i && !is_range_step(code, i))
				return true;
	}
	return false;
}

void
depend_sleeps_init(struct depend_sleeps *ds, const struct lang_program *prog)
{
	size_t g;

	ds->ngroups = prog->ngroups;
	ds->lone = xcalloc(prog->ngroups + 1, sizeof(*ds->lone));
	ds->nlines = xcalloc(prog->ngroups + 1, sizeof(*ds->nlines));
	ds->count = 0;
	for (g = 0; g < prog->ngroups; g++) {
		int n = 0;

		ds->lone[g] = lone_sleep_lines(&prog->groups[g].code, &ds->nlines[g], &n);
		ds->count += n * prog->groups[g].count;
	}
}

void
depend_sleeps_free(struct depend_sleeps *ds)
{
	size_t g;

	for (g = 0; g < ds->ngroups; g++)
		free(ds->lone[g]);
	free(ds->lone);
	free(ds->nlines);
}

bool
depend_lone_sleep(const struct depend_sleeps *ds, const struct model_state *st,
    const struct lang_program *prog, int t)
{
	const struct model_pending *pd = &model_thread(st, t)->pending;
	int g = prog->threads[t].group;

	/* a sleep in a function may be called from a loop: never lone */
	return pd->op == LANG_OP_SLEEP && pd->func < 0 && pd->line >= 0 &&
	    (unsigned)pd->line < ds->nlines[g] &&
	    ds->lone[g][pd->line] && !prog->groups[g].daemon;
}

void
depend_classify(const struct model_state *st, int t, bool daemon, struct depend_step *out)
{
	const struct model_pending *pd = &model_thread(st, t)->pending;

	out->kind = DEPEND_EVERYTHING;
	out->a = out->b = -1;
	out->write = false;
	out->waits = false;
	out->daemon = daemon;
	out->line = pd->line;
	switch ((enum lang_opcode)pd->op) {
	case LANG_OP_LOAD:
	case LANG_OP_LOAD_ELEM:
	case LANG_OP_STORE:
	case LANG_OP_STORE_ELEM:
		out->kind = DEPEND_ELEMENT;
		out->a = pd->target;
		out->write = pd->op == LANG_OP_STORE || pd->op == LANG_OP_STORE_ELEM;
		return;
	case LANG_OP_CALL: {
		const struct model_prim *p = model_prim(st, pd->target);

		out->kind = DEPEND_PRIMITIVE;
		out->a = pd->target;
		out->b = p->type == LANG_PRIM_CONDITION ? p->lock : pd->target;
		out->waits = (lang_method_info((enum lang_method)pd->method)->flags &
		    LANG_MF_ENQUEUES) != 0;
		return;
	}
	case LANG_OP_SLEEP:
		out->kind = DEPEND_NOTHING;
		return;
	case LANG_OP_PRINT:
		out->kind = DEPEND_OUTPUT;
		return;
	LANG_CASES_LOCAL_OPS
	LANG_CASES_HEAP_OPS	/* an object's operations: dependent on everything */
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_END:
	case LANG_OP_START:
	case LANG_OP_JOIN:
	case LANG_OP_IS_ALIVE:	/* reads a thread's state: as START and JOIN */
	case LANG_OP_ATOMIC_END:
	case LANG_OP_RAISE:
	case LANG_OP_COUNT:
		return;
	}
}
