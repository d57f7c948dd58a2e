/* sparse_bench.c - what encoding and decoding one state costs, each way the
 * processor has (explore/sparse.h).
 *
 * The explorer encodes the key of every state it reaches (the frames and
 * the model's data, against the search's base) to hash and compare it,
 * and decodes every piece of each state it expands.  callgrind counts the
 * rest of a search exactly, but valgrind has no AVX-512, so the encoder a
 * processor with it runs is timed here instead, on its own.
 *
 * The state: the pieces of the 5 x 3 counter's (bench/README.md): frames of
 * 130 words and data of 56 against a base, the step count (1 word), the
 * clocks (25), an element's last write (4) and its reads (15) as they are;
 * a quarter of their words differ from the base (or from 0), from a fixed
 * seed.  Each measurement encodes the key (or decodes the whole state)
 * REPS times; the ways take turns, ROUNDS rounds, and the best of each
 * (CPU time) is printed in nanoseconds a state.
 *
 * Usage: sparse_bench [REPS [ROUNDS]]   (defaults 2000000 and 5)
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore/sparse.h"

#define PIECES 6
#define KEY_PIECES 2

static const size_t piece_words[PIECES] = { 130, 56, 1, 30, 4, 15 };

struct state {
	uint32_t *words[PIECES];
	uint32_t *base[PIECES];		/* NULL: none */
	unsigned char *enc[PIECES];
	uint32_t *out[PIECES];
};

static uint32_t
next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return *seed >> 8;
}

static void
make_state(struct state *s)
{
	uint32_t seed = 19;
	size_t k, i;

	for (k = 0; k < PIECES; k++) {
		size_t n = piece_words[k];

		s->words[k] = calloc(n + 16, 4);
		s->base[k] = k < KEY_PIECES ? calloc(n + 16, 4) : NULL;
		s->enc[k] = malloc(sparse_bound(n));
		s->out[k] = calloc(n + 16, 4);
		if (s->words[k] == NULL || s->enc[k] == NULL || s->out[k] == NULL ||
		    (k < KEY_PIECES && s->base[k] == NULL)) {
			fprintf(stderr, "sparse_bench: out of memory\n");
			exit(1);
		}
		for (i = 0; i < n; i++) {
			uint32_t like = s->base[k] != NULL ? (s->base[k][i] =
			    next_random(&seed) % 3 == 0 ? next_random(&seed) : 0) : 0;

			s->words[k][i] = next_random(&seed) % 4 == 0 ? next_random(&seed) | 1 : like;
		}
	}
}

/* Nanoseconds a key encode (decode: a whole state's decode) the way kind. */
static double
measure(enum sparse_kind kind, struct state *s, long reps, int decode)
{
	struct timespec t0, t1;
	size_t k, sum = 0;
	long r;

	/* CPU time, not wall: the machine is shared */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (r = 0; r < reps; r++) {
		if (decode) {
			for (k = 0; k < PIECES; k++)
				sum += sparse_decode_with(kind, s->enc[k], s->base[k],
				    piece_words[k], s->out[k]);
		} else {
			for (k = 0; k < KEY_PIECES; k++)
				sum += sparse_encode_with(kind, s->words[k], s->base[k],
				    piece_words[k], s->enc[k]);
			s->words[0][r & 127] ^= 1;	/* not the same state each time */
		}
	}
	if (sum == 0)
		fprintf(stderr, "sparse_bench: nothing encoded\n");
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	return ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) /
	    (double)reps;
}

int
main(int argc, char **argv)
{
	static const char *names[] = { "none", "portable", "avx2", "avx512" };
	long reps = argc > 1 ? atol(argv[1]) : 2000000;
	int rounds = argc > 2 ? atoi(argv[2]) : 5, round, kind, decode;
	double best[4][2] = { { 0 } };
	struct state s;
	size_t k;

	if (reps <= 0 || rounds <= 0) {
		fprintf(stderr, "usage: sparse_bench [REPS [ROUNDS]]\n");
		return 2;
	}
	make_state(&s);
	/* every way encodes alike: check it before timing any */
	for (k = 0; k < PIECES; k++) {
		unsigned char *first = malloc(sparse_bound(piece_words[k]));
		size_t len;

		if (first == NULL)
			return 1;
		len = sparse_encode_with(SPARSE_PORTABLE, s.words[k], s.base[k], piece_words[k],
		    first);
		for (kind = SPARSE_AVX2; kind <= SPARSE_AVX512; kind++)
			if (sparse_has((enum sparse_kind)kind) &&
			    (sparse_encode_with((enum sparse_kind)kind, s.words[k], s.base[k],
			    piece_words[k], s.enc[k]) != len || memcmp(first, s.enc[k], len) != 0)) {
				fprintf(stderr, "sparse_bench: %s encodes unlike the loop\n",
				    names[kind]);
				return 1;
			}
		memcpy(s.enc[k], first, len);
		free(first);
	}
	for (round = 0; round < rounds; round++)
		for (decode = 0; decode < 2; decode++)
			for (kind = SPARSE_PORTABLE; kind <= SPARSE_AVX512; kind++) {
				double ns;

				if (!sparse_has((enum sparse_kind)kind))
					continue;
				ns = measure((enum sparse_kind)kind, &s, reps, decode);
				if (round == 0 || ns < best[kind][decode])
					best[kind][decode] = ns;
			}
	printf("ns a state, the best of %d rounds of %ld\n", rounds, reps);
	for (kind = SPARSE_PORTABLE; kind <= SPARSE_AVX512; kind++)
		if (sparse_has((enum sparse_kind)kind))
			printf("%-9s encode key %6.1f   decode state %6.1f\n", names[kind],
			    best[kind][0], best[kind][1]);
	return 0;
}
