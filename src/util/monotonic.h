/* monotonic.h - the time that only goes forward, for intervals: how long a
 * run took, when a watchdog last saw a step, a recording's gaps.
 */
#ifndef LOCKSTEP_UTIL_MONOTONIC_H
#define LOCKSTEP_UTIL_MONOTONIC_H

/* Seconds on CLOCK_MONOTONIC (from an unspecified start). */
double monotonic_seconds(void);

#endif
