#include "config.h"

#include "explore/depend.h"

void
depend_classify(const struct model_state *st, int t, bool daemon, struct depend_step *out)
{
	const struct model_pending *pd = &model_thread(st, t)->pending;

	out->kind = DEPEND_EVERYTHING;
	out->a = out->b = -1;
	out->write = false;
	out->waits = false;
	out->line = pd->line;
	if (daemon)
		return;
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
		out->waits = pd->method == LANG_M_WAIT;
		return;
	}
	case LANG_OP_SLEEP:
		out->kind = DEPEND_NOTHING;
		return;
	default:
		return;
	}
}

bool
depend_independent(const struct depend_step *x, const struct depend_step *y)
{
	if (x->kind == DEPEND_EVERYTHING || y->kind == DEPEND_EVERYTHING)
		return false;
	if (x->kind == DEPEND_NOTHING || y->kind == DEPEND_NOTHING)
		return true;
	if (x->kind != y->kind)
		return true;
	if (x->kind == DEPEND_ELEMENT)
		return x->a != y->a || (!x->write && !y->write);
	if (x->waits && y->waits)
		return false;
	return x->a != y->a && x->a != y->b && x->b != y->a && x->b != y->b;
}
