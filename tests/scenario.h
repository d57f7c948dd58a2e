/* scenario.h - a compiled scenario and its model, for the test suites that
 * run scenarios (engine, free-run, explore).  A failure to compile fails
 * the calling test. */
#ifndef LOCKSTEP_TESTS_SCENARIO_H
#define LOCKSTEP_TESTS_SCENARIO_H

#include "lang/compile.h"
#include "model/model.h"

struct test_scenario {
	char name[128];		/* "t.race", or the bundled name as given */
	struct lang_program *prog;
	struct model_strings strings;
	struct model *m;
};

/* From text, named t.race. */
void test_scenario_text(struct test_scenario *s, const char *text);
/* The same text compiled as t.race, then run with a Python program's
 * semantics (lang_program.python: an uncaught exception ends its thread,
 * not the run), until .py files carry them themselves. */
void test_scenario_python(struct test_scenario *s, const char *text);
/* text as a .py file's: Python's own syntax (try, raise ...). */
void test_scenario_py_file(struct test_scenario *s, const char *text);
/* A .py program's text (compiled as t.py, in Python's syntax). */
void test_scenario_py(struct test_scenario *s, const char *text);
/* A bundled scenario from $SCENARIOS_DIR: "lost-update" or "lost-update.race". */
void test_scenario_file(struct test_scenario *s, const char *name);
void test_scenario_free(struct test_scenario *s);

#endif
