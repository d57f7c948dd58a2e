#include "config.h"

#include "trace/trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/heap.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void
trace_init(struct trace *tr, const struct model *m, const char *policy, uint64_t seed,
    int max_steps, bool keep_steps)
{
	memset(tr, 0, sizeof(*tr));
	tr->prog = model_program(m);
	tr->model = m;
	tr->policy = xstrdup(policy);
	tr->seed = seed;
	tr->max_steps = max_steps;
	tr->keep_steps = keep_steps;
}

void
trace_record(struct trace *tr, int choice, const struct model_step_info *info)
{
	struct trace_step *s;

	tr->nsteps++;
	if (!tr->keep_steps)
		return;
	if (tr->nsteps > TRACE_MAX_STEPS) {
		tr->truncated = true;
		return;
	}
	schedule_append(&tr->schedule, info->thread, choice);
	tr->steps = xgrow(tr->steps, &tr->cap, tr->nsteps, sizeof(*tr->steps));
	s = &tr->steps[tr->nsteps - 1];
	memset(s, 0, sizeof(*s));
	s->thread = info->thread;
	s->choice = choice;
	s->pc = info->pc;
	s->func = info->func;
	s->op = info->op;
	s->method = info->method;
	s->target = info->target;
	s->line = info->line;
	s->value = info->value;
	s->has_value = info->has_value;
	s->timed_out = info->timed_out;
	if (info->output[0] != '\0')
		s->output = xstrdup(info->output);
	if (info->name[0] != '\0')
		s->name = xstrdup(info->name);
	if (info->nwoken > 0) {
		/* room for every name model_thread_list writes out */
		char woken[MODEL_LIST_NAMES * (LANG_MAX_STRING_BYTES + 2) + 32] = "";

		model_thread_list(tr->model, info->woken, info->nwoken, ", ", woken,
		    sizeof(woken));
		s->woken = xstrdup(woken);
	}
}

void
trace_finish(struct trace *tr, const struct model_state *st)
{
	size_t i, n = model_nelements(tr->model);

	tr->verdict = *model_verdict(st);
	tr->nraces = model_nraces(st);
	tr->races = xcalloc(tr->nraces + 1, sizeof(*tr->races));
	for (i = 0; i < tr->nraces; i++)
		tr->races[i] = *model_race(st, i);
	tr->final = xcalloc(n + 1, sizeof(*tr->final));
	for (i = 0; i < n; i++)
		tr->final[i] = *model_element_value(st, (int)i);
	free(tr->output);
	tr->output = xstrdup(model_output(st));
	free(tr->errors);
	tr->errors = NULL;
	if (tr->prog->python) {
		char *errors = xmalloc(TRACE_ERRORS_MAX);

		model_stderr(st, errors, TRACE_ERRORS_MAX);
		if (errors[0] != '\0')
			tr->errors = errors;
		else
			free(errors);
	}
}

void
trace_free(struct trace *tr)
{
	size_t i;

	for (i = 0; tr->steps != NULL && i < tr->nsteps && i < TRACE_MAX_STEPS; i++) {
		free(tr->steps[i].woken);
		free(tr->steps[i].output);
		free(tr->steps[i].name);
	}
	free(tr->steps);
	free(tr->policy);
	free(tr->races);
	free(tr->final);
	free(tr->errors);
	free(tr->output);
	schedule_free(&tr->schedule);
	memset(tr, 0, sizeof(*tr));
}

void
trace_step_label(const struct trace *tr, const struct trace_step *s, char *buf, size_t size)
{
	const struct model *m = tr->model;
	const struct model_strings *strs = model_strings(m);
	char name[96], value[300];
	const struct lang_method_info *info;
	bool special;

	value[0] = '\0';
	if (s->has_value)
		model_value_format(strs, &s->value, value, sizeof(value));
	switch ((enum lang_opcode)s->op) {
	case LANG_OP_LOAD:
	case LANG_OP_LOAD_ELEM:
		model_element_name(m, s->target, name, sizeof(name));
		snprintf(buf, size, "LOAD %s -> %s", name, value);
		return;
	case LANG_OP_STORE:
	case LANG_OP_STORE_ELEM:
		model_element_name(m, s->target, name, sizeof(name));
		snprintf(buf, size, "STORE %s = %s", name, value);
		return;
	case LANG_OP_CALL:
		model_prim_name(m, s->target, name, sizeof(name));
		info = lang_method_info((enum lang_method)s->method);
		if (s->timed_out) {
			snprintf(buf, size, "%s.%s times out%s%s", name, info->name,
			    s->has_value ? " -> " : "", value);
			return;
		}
		/* a step with a name of its own is not a plain call */
		special = strcmp(info->label, info->name) != 0;
		if (s->method == LANG_M_PUT)
			snprintf(buf, size, "%s.put(%s)", name, value);
		else if (special && s->has_value)
			snprintf(buf, size, "%s.%s -> %s", name, info->label, value);
		else if (special)
			snprintf(buf, size, "%s.%s", name, info->label);
		else if (s->has_value)
			snprintf(buf, size, "%s.%s() -> %s", name, info->name, value);
		else
			snprintf(buf, size, "%s.%s()%s%s", name, info->name,
			    s->woken ? " wakes " : "", s->woken ? s->woken : "");
		return;
	case LANG_OP_START:
		snprintf(buf, size, "start %s", tr->prog->threads[s->target].name);
		return;
	case LANG_OP_JOIN:
		snprintf(buf, size, "join %s%s", tr->prog->threads[s->target].name,
		    s->timed_out ? " times out" : "");
		return;
	case LANG_OP_IS_ALIVE:
		snprintf(buf, size, "%s.is_alive() -> %s", tr->prog->threads[s->target].name,
		    value);
		return;
	case LANG_OP_SLEEP:
		snprintf(buf, size, "sleep(%s)", value);
		return;
	case LANG_OP_PRINT:
		snprintf(buf, size, "print");
		return;
	case LANG_OP_ATOMIC_BEGIN:
		snprintf(buf, size, "atomic block");
		return;
	case LANG_OP_END:
		snprintf(buf, size, "exit: daemons stopped");
		return;
	case LANG_OP_RAISE:
		snprintf(buf, size, "raise %s", s->has_value && s->value.kind == MODEL_STR ?
		    model_strings_get(strs, s->value.i) : "");
		return;
	LANG_CASES_HEAP_OPS
		if (s->op == LANG_OP_BUILTIN && s->method >= LANG_BUILTIN_ITEMS &&
		    s->method < LANG_BUILTIN_COUNT)
			snprintf(buf, size, "%s.%s() -> %s", s->name != NULL ? s->name : "a dict",
			    lang_builtin_name(s->method), value);
		else if (s->op == LANG_OP_BUILTIN && s->method >= 0 &&
		    s->method < LANG_BUILTIN_COUNT)
			snprintf(buf, size, "%s(%s) -> %s", lang_builtin_name(s->method),
			    s->name != NULL ? s->name : "a list", value);
		else
			model_heap_step_label(s->op, s->name != NULL ? s->name : "a list", value,
			    buf, size);
		return;
	LANG_CASES_LOCAL_OPS
	case LANG_OP_ATOMIC_END:
	case LANG_OP_COUNT:
		snprintf(buf, size, "%s", lang_op_name((enum lang_opcode)s->op));
	}
}

const char *
trace_verdict_name(enum model_verdict_kind kind)
{
	switch (kind) {
	case MODEL_OK: return "ok";
	case MODEL_EXPECT_FAILED: return "expectation failed";
	case MODEL_ASSERT_FAILED: return "assertion failed";
	case MODEL_DEADLOCK: return "deadlock";
	case MODEL_RUNTIME_ERROR: return "runtime error";
	case MODEL_NO_PROGRESS: return "no progress";
	case MODEL_RUNNING:
		break;
	}
	return "running";
}
