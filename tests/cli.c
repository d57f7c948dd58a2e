/* cli.c - the lockstep binary, run as a user runs it, for the tests. */
#include "config.h"

#include "cli.h"

#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

const char *lockstep;
char *scenarios_dir;
char *scratch;
unsigned run_alarm;

char *
read_all(FILE *f, size_t *len)
{
	struct strbuf sb = { 0 };
	char chunk[4096];
	size_t n;

	rewind(f);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		strbuf_append(&sb, chunk, n);
	fclose(f);
	if (len != NULL)
		*len = sb.len;
	return strbuf_detach(&sb);
}

char *
read_manual(void)
{
	const char *pages = getenv("MAN_PAGES");
	char *path, *space, *text;
	FILE *f;

	if (pages == NULL)
		return NULL;
	path = xstrdup(pages);
	space = strchr(path, ' ');
	if (space != NULL)
		*space = '\0';		/* lockstep.1 comes first */
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "cannot read %s", path);
	text = read_all(f, NULL);
	free(path);
	return text;
}

struct run
run_program(const char *cwd, const char *program, const char *const *args)
{
	const char *argv[MAX_ARGS + 2] = { program };
	FILE *out = tmpfile(), *err = tmpfile();
	struct run r;
	size_t i;
	pid_t pid;
	int status;

	ck_assert_ptr_nonnull(out);
	ck_assert_ptr_nonnull(err);
	for (i = 0; args[i] != NULL; i++) {
		ck_assert_uint_lt(i, MAX_ARGS);
		argv[i + 1] = args[i];
	}
	fflush(NULL);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null < 0 || dup2(null, 0) < 0 || dup2(fileno(out), 1) < 0 ||
		    dup2(fileno(err), 2) < 0 || (cwd != NULL && chdir(cwd) < 0))
			_exit(126);
		if (run_alarm > 0)
			alarm(run_alarm);	/* kept across execv */
		execv(program, (char *const *)argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r.out = read_all(out, &r.out_len);
	r.err = read_all(err, NULL);
	return r;
}

struct run
run_lockstep_in(const char *cwd, const char *arg, ...)
{
	const char *args[MAX_ARGS + 1];
	size_t n = 0;
	va_list ap;

	va_start(ap, arg);
	for (; arg != NULL; arg = va_arg(ap, const char *)) {
		ck_assert_uint_lt(n, MAX_ARGS);
		args[n++] = arg;
	}
	va_end(ap);
	args[n] = NULL;
	return run_program(cwd, lockstep, args);
}


void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}


char *
write_scratch_file(const char *relative, const char *text)
{
	char *path = xasprintf("%s/%s", scratch, relative);
	char *slash;
	FILE *f;

	for (slash = strchr(path + strlen(scratch) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static int
remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

void
cli_setup(void)
{
	char template[] = "/tmp/lockstep-test-cli-XXXXXX";
	char *dir;

	lockstep = getenv("LOCKSTEP");
	ck_assert_msg(lockstep != NULL && getenv("SCENARIOS_DIR") != NULL,
	    "run by make check: LOCKSTEP and SCENARIOS_DIR must be set");
	scenarios_dir = realpath(getenv("SCENARIOS_DIR"), NULL);
	ck_assert_ptr_nonnull(scenarios_dir);
	ck_assert_ptr_nonnull(mkdtemp(template));
	scratch = xstrdup(template);
	unsetenv("LOCKSTEP_PATH");
	dir = xasprintf("%s/xdg", scratch);
	setenv("XDG_DATA_HOME", dir, 1);
	free(dir);
	dir = xasprintf("%s/home", scratch);
	setenv("HOME", dir, 1);
	free(dir);
}

void
cli_teardown(void)
{
	nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(scratch);
	free(scenarios_dir);
}
