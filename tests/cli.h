/* cli.h - the lockstep binary, run as a user runs it, for the tests.
 *
 * The harness sets LOCKSTEP (the built binary) and SCENARIOS_DIR (the
 * source tree's scenarios/).  cli_setup, a libcheck fixture, starts each
 * test with LOCKSTEP_PATH unset and HOME and XDG_DATA_HOME in an empty
 * scratch directory, so that nothing of the user's leaks in; cli_teardown
 * removes it.
 */
#ifndef LOCKSTEP_TESTS_CLI_H
#define LOCKSTEP_TESTS_CLI_H

#include <stdio.h>

#define MAX_ARGS 32

extern const char *lockstep;	/* the binary */
extern char *scenarios_dir;	/* canonical, as lockstep reports it */
extern char *scratch;		/* this test's own directory */
/* If not 0, each program run_program starts is killed by SIGALRM after
 * this many seconds: a test of something that must not block (a FIFO)
 * then fails with "died by signal 14" instead of hanging. */
extern unsigned run_alarm;

struct run {
	int status;	/* exit status, or 128 + signal */
	char *out;
	size_t out_len;
	char *err;
};

/* All of f from its start, NUL-terminated, its length in *len (if not
 * NULL); f is closed. */
char *read_all(FILE *f, size_t *len);
/* lockstep(1), the first of the pages in MAN_PAGES (set by make check),
 * or NULL when it is not set. */
char *read_manual(void);
/* Run program with args (NULL-terminated) in directory cwd (NULL: here),
 * stdin from /dev/null, capturing stdout and stderr. */
struct run run_program(const char *cwd, const char *program, const char *const *args);
struct run run_lockstep_in(const char *cwd, const char *arg, ...);
#define run_lockstep(...) run_lockstep_in(NULL, __VA_ARGS__, (const char *)NULL)
void run_free(struct run *r);
/* Write text to scratch/relative, making its directories; returns the path. */
char *write_scratch_file(const char *relative, const char *text);

void cli_setup(void);
void cli_teardown(void);

#define assert_contains(haystack, needle) \
	ck_assert_msg(strstr((haystack), (needle)) != NULL, \
	    "expected \"%s\" in:\n%s", (needle), (haystack))
#define assert_lacks(haystack, needle) \
	ck_assert_msg(strstr((haystack), (needle)) == NULL, \
	    "did not expect \"%s\" in:\n%s", (needle), (haystack))
#define assert_starts_with(s, prefix) \
	ck_assert_msg(strncmp((s), (prefix), strlen(prefix)) == 0, \
	    "expected \"%s\" to start with \"%s\"", (s), (prefix))

#endif
