/* number.h - numbers read from the command line and from files.
 *
 * One parser for every count, seed and limit lockstep takes from outside:
 * digits only (no sign, no space, no "0x" unless the base is 16), nothing
 * after them, and within [min, max].  A value beyond 2^64 is refused, not
 * clamped: strtoull says so only through ERANGE, which this checks.
 */
#ifndef LOCKSTEP_UTIL_NUMBER_H
#define LOCKSTEP_UTIL_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/* The number s spells in base 10 or 16, in *out; false if s is anything
 * else or outside [min, max]. */
bool number_parse(const char *s, int base, uint64_t min, uint64_t max,
    uint64_t *out);

#endif
