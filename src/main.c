/* main.c - the command line: global options, then a verb or a FILE. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

struct verb {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;
	const char *summary;
};

static const struct verb verbs[] = {
#define X(verb, args, summary) { #verb, cmd_##verb, args, summary },
	CMD_VERBS(X)
#undef X
};

#define NVERBS (sizeof verbs / sizeof verbs[0])

static void
print_usage(void)
{
	size_t i;

	puts("usage: lockstep [--record FILE.cast] [FILE]\n"
	    "       lockstep COMMAND [ARGS]\n"
	    "       lockstep --help | --version\n"
	    "\n"
	    "lockstep runs a scenario of threads, locks and shared variables one\n"
	    "atomic step at a time, to show how race conditions and deadlocks happen.\n"
	    "FILE is a scenario (.race) file, or the NAME of one: ./NAME.race, then\n"
	    "NAME.race on the search path; or a Python program, FILE.py.\n"
	    "\n"
	    "Commands:");
	for (i = 0; i < NVERBS; i++) {
		int width = printf("  %s%s%s", verbs[i].name,
		    verbs[i].args[0] != '\0' ? " " : "", verbs[i].args);

		printf("%*s%s\n", width < 30 ? 30 - width : 1, "",
		    verbs[i].summary);
	}
	puts("\n"
	    "Options:\n"
	    "  --record FILE.cast          record the terminal UI session as an asciicast\n"
	    "  -h, --help                  show this help and exit\n"
	    "  -V, --version               show the version and exit\n"
	    "\n"
	    "Exit status: 0 ok, 1 the run showed a bug, 2 a scenario or usage error,\n"
	    "3 an internal error, 4 no bug found, but not proven: explore was not\n"
	    "exhaustive, or a run was stopped at its step limit.\n"
	    "See lockstep(1) and lockstep-scenario(5).");
}

static const struct verb *
find_verb(const char *name)
{
	size_t i;

	for (i = 0; i < NVERBS; i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

/* Output that did not reach its file (a full disk, a closed pipe) is an
 * error, not a success with half a report. */
static int
finish_output(int status)
{
	errno = 0;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "lockstep: cannot write the output: %s\n",
		    strerror(errno != 0 ? errno : EIO));
		return CMD_EXIT_ERROR;
	}
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "record", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const struct verb *verb;
	const char *record = NULL;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+hV", options, NULL)) != -1) {
		switch (c) {
		case 'h':
			print_usage();
			return finish_output(CMD_EXIT_OK);
		case 'V':
			puts(PACKAGE_STRING);
			return finish_output(CMD_EXIT_OK);
		case 'r':
			record = optarg;
			break;
		default:
			return cmd_bad_option(NULL, argv);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 0 && (verb = find_verb(argv[0])) != NULL) {
		if (record != NULL)
			return cmd_usage_error(NULL, "--record records the terminal UI; it "
			    "does not go with '%s'", argv[0]);
		return finish_output(verb->run(argc, argv));
	}
	return finish_output(cmd_open(argc, argv, record));
}
