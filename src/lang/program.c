#include "config.h"

#include "lang/program.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lang/exceptions.h"
#include "util/sanitize.h"

static const struct {
	const char *name;
	bool visible;
} ops[] = {
#define X(id, name, vis) { name, vis == 1 },
	LANG_OPS(X)
#undef X
};

static const struct {
	const char *symbol, *mnemonic;
} binops[] = {
#define X(id, sym, mn) { sym, mn },
	LANG_BINOPS(X)
#undef X
};

bool
lang_op_is_visible(enum lang_opcode op)
{
	return ops[op].visible;
}

int
lang_heap_operand(enum lang_opcode op)
{
	switch (op) {
	case LANG_OP_ITEM_LOAD:
	case LANG_OP_ITEM_STORE:
	case LANG_OP_LIST_APPEND:
	case LANG_OP_LIST_POP:
	case LANG_OP_LIST_REMOVE:
		return 1;
	case LANG_OP_LIST_INSERT:
	case LANG_OP_DICT_GET:
		return 2;
	case LANG_OP_SEQ_LEN:
	case LANG_OP_SEQ_CONTAINS:
	case LANG_OP_ITER_NEXT:
	case LANG_OP_UNPACK:
	case LANG_OP_BUILTIN:
		return 0;
	LANG_CASES_NO_HEAP_OPERAND_OPS
		break;
	}
	return -1;
}

const char *
lang_op_name(enum lang_opcode op)
{
	return ops[op].name;
}

const char *
lang_builtin_name(enum lang_builtin b)
{
	static const char *const names[] = {
#define X(id, name) name,
		LANG_BUILTINS(X)
#undef X
	};

	return b < LANG_BUILTIN_COUNT ? names[b] : "?";
}

const char *
lang_binop_symbol(enum lang_binop op)
{
	return binops[op].symbol;
}

const char *
lang_binop_mnemonic(enum lang_binop op)
{
	return binops[op].mnemonic;
}

void
lang_insn_stack_effect(const struct lang_insn *in, int *pops, int *pushes)
{
	int indexed = (in->flags & LANG_IF_INDEXED) ? 1 : 0;
	int timed = (in->flags & LANG_IF_TIMED) ? 1 : 0;

	*pops = 0;
	*pushes = 0;
	switch ((enum lang_opcode)in->op) {
	case LANG_OP_PUSH_INT: case LANG_OP_PUSH_STR: case LANG_OP_PUSH_BOOL:
	case LANG_OP_PUSH_NONE: case LANG_OP_PUSH_TID: case LANG_OP_PUSH_THREAD_NAME:
	case LANG_OP_LOAD_LOCAL:
	case LANG_OP_LOAD: case LANG_OP_LOAD_CONST:
		*pushes = 1;
		break;
	case LANG_OP_STORE_LOCAL: case LANG_OP_STORE: case LANG_OP_POP:
	case LANG_OP_JUMP_IF_FALSE: case LANG_OP_JUMP_IF_TRUE:
	case LANG_OP_JUMP_IF_FALSE_OR_POP: case LANG_OP_JUMP_IF_TRUE_OR_POP:
	case LANG_OP_SLEEP:
		*pops = 1;
		break;
	case LANG_OP_ASSERT:
		*pops = in->b ? 2 : 1;
		break;
	case LANG_OP_LOAD_ELEM: case LANG_OP_LOAD_CONST_ELEM: case LANG_OP_UNARY:
	case LANG_OP_FORMAT:
		*pops = 1;
		*pushes = 1;
		break;
	case LANG_OP_STORE_ELEM:
		*pops = 2;
		break;
	case LANG_OP_BINARY:
		*pops = (in->flags & LANG_IF_IMM) ? 1 : 2;
		*pushes = 1;
		break;
	case LANG_OP_DUP:
		*pops = 1;
		*pushes = 2;
		break;
	case LANG_OP_SWAP:
		*pops = 2;
		*pushes = 2;
		break;
	case LANG_OP_CALL:
		*pops = in->argc + indexed + timed;
		*pushes = (in->flags & LANG_IF_RESULT) ? 1 : 0;
		break;
	case LANG_OP_START: case LANG_OP_JOIN:
		*pops = indexed + timed;
		break;
	case LANG_OP_IS_ALIVE:
		*pops = indexed;
		*pushes = 1;
		break;
	case LANG_OP_CALL_FUNCTION:
		*pops = in->argc;
		*pushes = (in->flags & LANG_IF_RESULT) ? 1 : 0;
		break;
	case LANG_OP_RETURN:
		*pops = 1;
		break;
	case LANG_OP_PRINT:
		*pops = in->a + !!(in->b & LANG_PRINT_SEP) + !!(in->b & LANG_PRINT_END);
		break;
	case LANG_OP_BUILD_STRING:
		*pops = in->a;
		*pushes = 1;
		break;
	case LANG_OP_LIST_NEW: case LANG_OP_TUPLE_NEW: case LANG_OP_DICT_NEW:
		*pops = in->a;
		*pushes = 1;
		break;
	case LANG_OP_DICT_GET:
		*pops = 3;
		*pushes = 1;
		break;
	case LANG_OP_BUILTIN:
		*pops = 1 + in->b;
		*pushes = 1;
		break;
	case LANG_OP_ITEM_LOAD: case LANG_OP_SEQ_CONTAINS:
		*pops = 2;
		*pushes = 1;
		break;
	case LANG_OP_ITEM_STORE: case LANG_OP_LIST_INSERT:
		*pops = 3;
		*pushes = (in->flags & LANG_IF_RESULT) ? 1 : 0;
		break;
	case LANG_OP_LIST_APPEND: case LANG_OP_LIST_POP: case LANG_OP_LIST_REMOVE:
		*pops = 2;
		*pushes = (in->flags & LANG_IF_RESULT) ? 1 : 0;
		break;
	case LANG_OP_SEQ_LEN: case LANG_OP_ITER_NEXT: case LANG_OP_EXC_MATCH:
	case LANG_OP_UNPACK:
		*pops = 1;
		*pushes = 1;
		break;
	case LANG_OP_EXC_NEW:
		*pops = in->b ? 1 : 0;
		*pushes = 1;
		break;
	case LANG_OP_EXC_HANDLED:
		*pushes = 1;
		break;
	case LANG_OP_THROW:
		break;
	case LANG_OP_JUMP:
	case LANG_OP_DELETE_LOCAL:
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_ATOMIC_END:
	case LANG_OP_END:
	case LANG_OP_RAISE:
	case LANG_OP_COUNT:
		break;
	}
}

static bool
is_jump(enum lang_opcode op)
{
	return op == LANG_OP_JUMP || op == LANG_OP_JUMP_IF_FALSE ||
	    op == LANG_OP_JUMP_IF_TRUE || op == LANG_OP_JUMP_IF_FALSE_OR_POP ||
	    op == LANG_OP_JUMP_IF_TRUE_OR_POP || op == LANG_OP_ITER_NEXT;
}

/* Record depth at target; false if it disagrees with an earlier path. */
static bool
reach(int *depth, size_t *work, size_t *nwork, size_t target, int d)
{
	if (depth[target] == -1) {
		depth[target] = d;
		work[(*nwork)++] = target;
		return true;
	}
	return depth[target] == d;
}

bool
lang_code_check_stack(struct lang_code *code, int end_depth)
{
	size_t n = code->count, nwork = 0, i;
	int *depth, max = 0;
	size_t *work;
	bool ok = true;

	if (n == 0)
		return false;
	depth = malloc(n * sizeof(*depth));
	work = malloc(n * sizeof(*work));
	if (depth == NULL || work == NULL) {
		free(depth);
		free(work);
		return false;
	}
	for (i = 0; i < n; i++)
		depth[i] = -1;
	reach(depth, work, &nwork, 0, 0);
	for (i = 0; i < code->nhandlers; i++)
		if (code->handlers[i].target < 0 || (size_t)code->handlers[i].target >= n ||
		    code->handlers[i].start < 0 || (size_t)code->handlers[i].start >= n ||
		    (code->handlers[i].depth >= 0 && !reach(depth, work, &nwork,
		    (size_t)code->handlers[i].target, code->handlers[i].depth + 1)))
			ok = false;
	while (ok && nwork > 0) {
		const struct lang_insn *in = &code->insns[work[--nwork]];
		size_t at = (size_t)(in - code->insns);
		int pops, pushes, d = depth[at];
		enum lang_opcode op = in->op;

		/* a row whose depth is the one its first instruction has */
		for (i = 0; i < code->nhandlers; i++)
			if (code->handlers[i].depth < 0 && (size_t)code->handlers[i].start == at) {
				code->handlers[i].depth = d;
				if (!reach(depth, work, &nwork, (size_t)code->handlers[i].target,
				    d + 1))
					ok = false;
			}

		lang_insn_stack_effect(in, &pops, &pushes);
		/* the depth an instruction starts at counts too: a handler's
		 * first one starts with the exception pushed, a depth no
		 * instruction before it need have left */
		if (d > max)
			max = d;
		if (d < pops) {
			ok = false;
			break;
		}
		if (d - pops + pushes > max)
			max = d - pops + pushes;
		if (op == LANG_OP_END) {
			ok = d == end_depth;
			continue;
		}
		if (op == LANG_OP_RETURN) {
			ok = d == 1;	/* the value returned, and nothing else */
			continue;
		}
		if (op == LANG_OP_THROW)
			continue;	/* it never goes on */
		if (is_jump(op)) {
			int taken = op == LANG_OP_JUMP_IF_FALSE_OR_POP ||
			    op == LANG_OP_JUMP_IF_TRUE_OR_POP ? d : d - pops;

			if (in->a < 0 || (size_t)in->a >= n ||
			    !reach(depth, work, &nwork, (size_t)in->a, taken)) {
				ok = false;
				break;
			}
			if (op == LANG_OP_JUMP)
				continue;
		}
		if (at + 1 >= n || !reach(depth, work, &nwork, at + 1, d - pops + pushes))
			ok = false;
	}
	free(depth);
	free(work);
	code->max_stack = max;
	return ok;
}

void
lang_code_mark_callees(const struct lang_code *code, unsigned char *callees)
{
	size_t i;

	for (i = 0; i < code->count; i++)
		if (code->insns[i].op == LANG_OP_CALL_FUNCTION)
			callees[code->insns[i].a] = 1;
}

static size_t
count_marked(const unsigned char *marks, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += marks[i] != 0;
	return k;
}

void
lang_group_reach(const struct lang_program *prog, int group, unsigned char *reach)
{
	size_t f, before;

	memset(reach, 0, prog->nfunctions);
	lang_code_mark_callees(&prog->groups[group].code, reach);
	do {	/* until a pass reaches no function more */
		before = count_marked(reach, prog->nfunctions);
		for (f = 0; f < prog->nfunctions; f++)
			if (reach[f])
				lang_code_mark_callees(&prog->functions[f].code, reach);
	} while (count_marked(reach, prog->nfunctions) != before);
}

int64_t
lang_insn_int(const struct lang_insn *insn)
{
	return (int64_t)(((uint64_t)(uint32_t)insn->b << 32) | (uint32_t)insn->a);
}

static void
free_code(struct lang_code *code)
{
	int i;

	free(code->insns);
	free(code->handlers);
	free(code->handling);
	for (i = 0; i < code->nlocals; i++)
		free(code->local_names[i]);
	free(code->local_names);
	free(code->local_threads);
}

const struct lang_handling *
lang_handling_at(const struct lang_code *code, int32_t pc)
{
	const struct lang_handling *best = NULL;
	size_t i;

	/* the rows nest as the statements do: the innermost starts last */
	for (i = 0; i < code->nhandling; i++)
		if (pc >= code->handling[i].start && pc < code->handling[i].end &&
		    (best == NULL || code->handling[i].start > best->start))
			best = &code->handling[i];
	return best;
}

void
lang_program_free(struct lang_program *prog)
{
	size_t i;

	if (prog == NULL)
		return;
	lang_source_free(prog->source);
	free(prog->title);
	free(prog->about);
	for (i = 0; i < prog->nshared; i++) {
		free(prog->shared[i].name);
		free(prog->shared[i].init);
		free(prog->shared[i].prim_init);
		free(prog->shared[i].items);
	}
	free(prog->shared);
	for (i = 0; i < prog->ngroups; i++) {
		free(prog->groups[i].name);
		free_code(&prog->groups[i].code);
	}
	free(prog->groups);
	for (i = 0; i < prog->nfunctions; i++) {
		free(prog->functions[i].name);
		free(prog->functions[i].defaults);
		free_code(&prog->functions[i].code);
	}
	free(prog->functions);
	lang_exc_own_free(&prog->own_exceptions);
	for (i = 0; i < prog->nobjects; i++)
		free(prog->objects[i].items);
	free(prog->objects);
	for (i = 0; i < prog->nthreads; i++)
		free(prog->threads[i].name);
	free(prog->threads);
	for (i = 0; i < prog->nexpects; i++) {
		free(prog->expects[i].text);
		free(prog->expects[i].names);
		free_code(&prog->expects[i].code);
	}
	free(prog->expects);
	for (i = 0; i < prog->ntours; i++) {
		size_t k;

		for (k = 0; k < prog->tours[i].nsteps; k++)
			free(prog->tours[i].steps[k].caption);
		free(prog->tours[i].steps);
		free(prog->tours[i].name);
	}
	free(prog->tours);
	free(prog->goal.text);
	free(prog->goal.expr.text);
	free(prog->goal.expr.names);
	free_code(&prog->goal.expr.code);
	for (i = 0; i < prog->nstrings; i++)
		free(prog->strings[i]);
	free(prog->strings);
	free(prog);
}

void
lang_insn_format(const struct lang_program *prog, const struct lang_code *code,
    const struct lang_insn *in, char *buf, size_t size)
{
	const char *elem = (in->flags & LANG_IF_INDEXED) ? "[]" : "";
	char safe[200];

	switch ((enum lang_opcode)in->op) {
	case LANG_OP_PUSH_INT:
		snprintf(buf, size, "PUSH %" PRId64, lang_insn_int(in));
		break;
	case LANG_OP_PUSH_STR:
		snprintf(buf, size, "PUSH \"%s\"", sanitize_into(safe, sizeof(safe),
		    prog->strings[in->a], SANITIZE_LINE));
		break;
	case LANG_OP_PUSH_BOOL:
		snprintf(buf, size, "PUSH %s", in->a ? "True" : "False");
		break;
	case LANG_OP_PUSH_NONE:
		snprintf(buf, size, "PUSH None");
		break;
	case LANG_OP_LOAD_LOCAL:
	case LANG_OP_STORE_LOCAL:
	case LANG_OP_DELETE_LOCAL:
		snprintf(buf, size, "%s %s", lang_op_name(in->op),
		    code->local_names != NULL && in->a < code->nlocals ?
		    code->local_names[in->a] : "?");
		break;
	case LANG_OP_LOAD:
	case LANG_OP_STORE:
	case LANG_OP_LOAD_ELEM:
	case LANG_OP_STORE_ELEM:
	case LANG_OP_LOAD_CONST:
	case LANG_OP_LOAD_CONST_ELEM:
		snprintf(buf, size, "%s %s%s", lang_op_name(in->op),
		    prog->shared[in->a].name, elem);
		break;
	case LANG_OP_BINARY:
		if (in->flags & LANG_IF_IMM)
			snprintf(buf, size, "%s %d", lang_binop_mnemonic(in->a), (int)in->b);
		else
			snprintf(buf, size, "%s", lang_binop_mnemonic(in->a));
		break;
	case LANG_OP_UNARY:
		snprintf(buf, size, "%s", in->a == LANG_UN_NEG ? "NEG" : "NOT");
		break;
	case LANG_OP_JUMP:
	case LANG_OP_JUMP_IF_FALSE:
	case LANG_OP_JUMP_IF_TRUE:
	case LANG_OP_JUMP_IF_FALSE_OR_POP:
	case LANG_OP_JUMP_IF_TRUE_OR_POP:
		snprintf(buf, size, "%s %d", lang_op_name(in->op), (int)in->a);
		break;
	case LANG_OP_CALL:
		snprintf(buf, size, "CALL %s%s.%s%s", prog->shared[in->a].name, elem,
		    lang_method_info((enum lang_method)in->b)->label,
		    (in->flags & LANG_IF_TIMED) ? " timed" : "");
		break;
	case LANG_OP_START:
	case LANG_OP_JOIN:
	case LANG_OP_IS_ALIVE:
		snprintf(buf, size, "%s %s%s%s", lang_op_name(in->op),
		    prog->groups[in->a].name, elem, (in->flags & LANG_IF_TIMED) ? " timed" : "");
		break;
	case LANG_OP_PRINT:
		snprintf(buf, size, "PRINT %d%s%s", (int)in->a,
		    (in->b & LANG_PRINT_SEP) ? " sep" : "", (in->b & LANG_PRINT_END) ? " end" : "");
		break;
	case LANG_OP_FORMAT:
		snprintf(buf, size, "FORMAT%s%s%s%s", in->b == 'r' ? " !r" : "",
		    in->a >= 0 ? " \"" : "", in->a >= 0 ? sanitize_into(safe, sizeof(safe),
		    prog->strings[in->a], SANITIZE_LINE) : "", in->a >= 0 ? "\"" : "");
		break;
	case LANG_OP_BUILD_STRING:
		snprintf(buf, size, "BUILD_STRING %d", (int)in->a);
		break;
	case LANG_OP_CALL_FUNCTION:
		snprintf(buf, size, "CALL %s", prog->functions[in->a].name);
		break;
	case LANG_OP_ASSERT:
		if (in->a >= 0)
			snprintf(buf, size, "ASSERT \"%s\"", sanitize_into(safe,
			    sizeof(safe), prog->strings[in->a], SANITIZE_LINE));
		else
			snprintf(buf, size, "ASSERT%s", in->b ? " message" : "");
		break;
	case LANG_OP_LIST_NEW:
	case LANG_OP_TUPLE_NEW:
	case LANG_OP_DICT_NEW:
		snprintf(buf, size, "%s %d", lang_op_name(in->op), (int)in->a);
		break;
	case LANG_OP_ITER_NEXT:
		snprintf(buf, size, "FOR_ITER %d", (int)in->a);
		break;
	case LANG_OP_BUILTIN:
		snprintf(buf, size, "CALL_BUILTIN %s", lang_builtin_name(in->a));
		break;
	case LANG_OP_UNPACK:
		snprintf(buf, size, "%s %d", in->b ? "UNPACK_EX" : "UNPACK_SEQUENCE", (int)in->a);
		break;
	case LANG_OP_EXC_NEW:
	case LANG_OP_EXC_MATCH:
		snprintf(buf, size, "%s %s", lang_op_name(in->op), lang_exc_name(&prog->own_exceptions, in->a));
		break;
	case LANG_OP_ITEM_LOAD:
	case LANG_OP_ITEM_STORE:
	case LANG_OP_LIST_APPEND:
	case LANG_OP_LIST_POP:
	case LANG_OP_LIST_INSERT:
	case LANG_OP_LIST_REMOVE:
	case LANG_OP_SEQ_LEN:
	case LANG_OP_SEQ_CONTAINS:
	case LANG_OP_DICT_GET:
	case LANG_OP_PUSH_TID:
	case LANG_OP_PUSH_THREAD_NAME:
	case LANG_OP_DUP:
	case LANG_OP_SWAP:
	case LANG_OP_POP:
	case LANG_OP_SLEEP:
	case LANG_OP_ATOMIC_BEGIN:
	case LANG_OP_ATOMIC_END:
	case LANG_OP_END:
	case LANG_OP_RETURN:
	case LANG_OP_RAISE:
	case LANG_OP_THROW:
	case LANG_OP_EXC_HANDLED:
	case LANG_OP_COUNT:
		snprintf(buf, size, "%s", lang_op_name(in->op));
	}
}

static void
dump_code(const struct lang_program *prog, const struct lang_code *code, FILE *out)
{
	size_t i;
	char buf[128];

	for (i = 0; i < code->count; i++) {
		const struct lang_insn *in = &code->insns[i];
		bool visible = lang_op_is_visible(in->op);

		lang_insn_format(prog, code, in, buf, sizeof(buf));
		/* ~: a step if the object it works on is shared when it runs */
		fprintf(out, "%4zu %c %-32s line %u\n", i, visible ? '*' :
		    lang_heap_operand(in->op) >= 0 ? '~' : ' ', buf, in->loc.line);
		if (visible && i + 1 < code->count)
			fputc('\n', out);
	}
	for (i = 0; i < code->nhandlers; i++)
		fprintf(out, "     handler: %d-%d -> %d\n", (int)code->handlers[i].start,
		    (int)code->handlers[i].end - 1, (int)code->handlers[i].target);
}

void
lang_program_dump(const struct lang_program *prog, FILE *out)
{
	size_t i;

	for (i = 0; i < prog->ngroups; i++) {
		const struct lang_group *g = &prog->groups[i];

		if (g->is_main)
			fprintf(out, "main:\n");
		else
			fprintf(out, "%sthread %s%s:\n", g->daemon ? "daemon " : "", g->name,
			    g->is_array ? "[]" : "");
		dump_code(prog, &g->code, out);
		fputc('\n', out);
	}
	for (i = 0; i < prog->nfunctions; i++) {
		const struct lang_function *fn = &prog->functions[i];
		int k;

		fprintf(out, "def %s(", fn->name);
		for (k = 0; k < fn->nparams; k++)
			fprintf(out, "%s%s", k > 0 ? ", " : "", fn->code.local_names[k]);
		fprintf(out, "):\n");
		dump_code(prog, &prog->functions[i].code, out);
		fputc('\n', out);
	}
	for (i = 0; i < prog->nexpects; i++) {
		fprintf(out, "expect %s:\n", prog->expects[i].text);
		dump_code(prog, &prog->expects[i].code, out);
		fputc('\n', out);
	}
}
