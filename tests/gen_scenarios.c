/* gen_scenarios.c - write generated scenarios (tests/gen.h) to files, to
 * read them or to seed a fuzzer's corpus (make fuzz-run, fuzz-explore):
 *
 *     tests/gen_scenarios N DIR     DIR/gen-0.race ... DIR/gen-<N-1>.race
 *     tests/gen_scenarios -s SEED   the scenario of SEED on stdout
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

int
main(int argc, char **argv)
{
	unsigned long long i, n;

	if (argc == 3 && strcmp(argv[1], "-s") == 0) {
		char *text = gen_scenario(strtoull(argv[2], NULL, 10));

		fputs(text, stdout);
		free(text);
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: gen_scenarios N DIR | gen_scenarios -s SEED\n");
		return 2;
	}
	n = strtoull(argv[1], NULL, 10);
	for (i = 0; i < n; i++) {
		char path[4096];
		char *text = gen_scenario(i);
		FILE *f;

		snprintf(path, sizeof(path), "%s/gen-%llu.race", argv[2], i);
		f = fopen(path, "w");
		if (f == NULL || fputs(text, f) == EOF || fclose(f) != 0) {
			perror(path);
			return 1;
		}
		free(text);
	}
	return 0;
}
