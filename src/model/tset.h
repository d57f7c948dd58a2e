/* tset.h - a set of threads: one bit per thread, LANG_MAX_THREADS of them.
 *
 * Fixed words, so that a set sits inside a state that is hashed and
 * compared bytewise: unused bits and words are always 0.  The explorer
 * stores states without their zero words (explore/sparse.h), so the words
 * a small scenario never touches cost it next to nothing.
 *
 * Iterate with
 *	for (t = tset_next(&s, 0); t >= 0; t = tset_next(&s, t + 1))
 */
#ifndef LOCKSTEP_MODEL_TSET_H
#define LOCKSTEP_MODEL_TSET_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/limits.h"

#define TSET_WORDS ((LANG_MAX_THREADS + 63) / 64)

struct tset {
	uint64_t w[TSET_WORDS];
};

static inline uint64_t
tset_bit(int t)
{
	return (uint64_t)1 << (t % 64);
}

static inline void
tset_clear(struct tset *s)
{
	int i;

	for (i = 0; i < TSET_WORDS; i++)
		s->w[i] = 0;
}

static inline void
tset_add(struct tset *s, int t)
{
	s->w[t / 64] |= tset_bit(t);
}

static inline void
tset_del(struct tset *s, int t)
{
	s->w[t / 64] &= ~tset_bit(t);
}

static inline bool
tset_has(const struct tset *s, int t)
{
	return (s->w[t / 64] & tset_bit(t)) != 0;
}

static inline bool
tset_empty(const struct tset *s)
{
	int i;

	for (i = 0; i < TSET_WORDS; i++)
		if (s->w[i] != 0)
			return false;
	return true;
}

static inline int
tset_count(const struct tset *s)
{
	int i, n = 0;

	for (i = 0; i < TSET_WORDS; i++)
		n += __builtin_popcountll(s->w[i]);
	return n;
}

static inline struct tset
tset_union(const struct tset *a, const struct tset *b)
{
	struct tset u;
	int i;

	for (i = 0; i < TSET_WORDS; i++)
		u.w[i] = a->w[i] | b->w[i];
	return u;
}

static inline bool
tset_meets(const struct tset *a, const struct tset *b)
{
	int i;

	for (i = 0; i < TSET_WORDS; i++)
		if ((a->w[i] & b->w[i]) != 0)
			return true;
	return false;
}

/* The smallest member >= from, or -1. */
static inline int
tset_next(const struct tset *s, int from)
{
	int i = from / 64;
	uint64_t rest;

	if (from < 0 || i >= TSET_WORDS)
		return -1;
	rest = s->w[i] & (~(uint64_t)0 << (from % 64));
	for (;;) {
		if (rest != 0)
			return i * 64 + __builtin_ctzll(rest);
		if (++i >= TSET_WORDS)
			return -1;
		rest = s->w[i];
	}
}

#endif
