#include "config.h"

#include "scenario.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Compile what load gives, or fail the test with the diagnostics. */
static void
finish_loading(struct test_scenario *s, struct lang_diags *d, const char *what,
    bool python)
{
	lang_diags_print(d, stderr);
	lang_diags_free(d);
	ck_assert_msg(s->prog != NULL, "%s does not compile", what);
	s->prog->python = s->prog->python || python;
	s->m = model_new(s->prog, &s->strings);
}

static void
load_named_text(struct test_scenario *s, const char *path, const char *text, bool python)
{
	struct lang_diags d;
	struct lang_source *src;

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", path);
	lang_diags_init(&d);
	src = lang_source_from_memory(path, text, strlen(text), &d);
	s->prog = src != NULL ? lang_compile(src, &d) : NULL;
	finish_loading(s, &d, path, python);
}

static void
load_text(struct test_scenario *s, const char *text, bool python)
{
	load_named_text(s, "t.race", text, python);
}

void
test_scenario_py(struct test_scenario *s, const char *text)
{
	load_named_text(s, "t.py", text, true);
}

void
test_scenario_text(struct test_scenario *s, const char *text)
{
	load_text(s, text, false);
}

void
test_scenario_python(struct test_scenario *s, const char *text)
{
	load_text(s, text, true);
}

void
test_scenario_py_file(struct test_scenario *s, const char *text)
{
	load_named_text(s, "t.py", text, true);
}

void
test_scenario_file(struct test_scenario *s, const char *name)
{
	const char *dir = getenv("SCENARIOS_DIR");
	size_t len = strlen(name);
	bool suffixed = len > 5 && strcmp(name + len - 5, ".race") == 0;
	char *path = xasprintf("%s/%s%s", dir != NULL ? dir : "scenarios", name,
	    suffixed ? "" : ".race");
	struct lang_diags d;

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	lang_diags_init(&d);
	s->prog = lang_compile_file(path, &d);
	finish_loading(s, &d, path, false);
	free(path);
}

void
test_scenario_free(struct test_scenario *s)
{
	model_free(s->m);
	lang_program_free(s->prog);
	model_strings_free(&s->strings);
}
