/* gen.h - scenarios written by a generator that knows the grammar.
 *
 * gen_scenario writes, for a seed, a small program that almost always
 * compiles: shared integers, a string and an array; some of Lock, RLock,
 * Semaphore, BoundedSemaphore, Condition (over its own lock, a Lock or an
 * RLock), Event, Queue, Barrier, RWLock and an array of Locks; two to four
 * threads (a group of two among them, sometimes a daemon), sometimes
 * started and joined by a main:; bodies of assignments, if/elif/else,
 * bounded for and while loops with break and continue, with-blocks,
 * acquire/release pairs, primitive calls, joins, atomic: blocks, asserts
 * and prints; and a few expects.  Programs are kept small (about a dozen
 * steps a thread) so that the explorer can search every schedule of most
 * of them in milliseconds.
 * The same seed gives the same text on every machine.
 */
#ifndef LOCKSTEP_TESTS_GEN_H
#define LOCKSTEP_TESTS_GEN_H

#include <stdint.h>

/* The scenario text for seed; the caller frees it. */
char *gen_scenario(uint64_t seed);

#endif
