#include "config.h"

#include "engine/driver.h"

#include <stdio.h>

#include "engine/engine.h"

bool
engine_run(const struct model *m, struct policy *policy, int max_steps, struct trace *tr,
    char *err, size_t errsize)
{
	struct engine *e = engine_new(m, max_steps);
	struct model_step_info info;
	bool ok = engine_error(e) == NULL, stepped = true;

	while (ok && stepped && model_verdict(engine_state(e))->kind == MODEL_RUNNING) {
		int t, choice;

		if (!policy_next(policy, engine_state(e), model_program(m), &t, &choice,
		    err, errsize)) {
			ok = false;
			break;
		}
		stepped = engine_step(e, t, choice, &info);
		trace_record(tr, choice, &info);	/* taken, even if refused a thread */
	}
	if (engine_error(e) != NULL) {
		snprintf(err, errsize, "%s", engine_error(e));
		ok = false;
	}
	trace_finish(tr, engine_state(e));
	engine_free(e);
	return ok;
}
