/* file.h - traces on disk.
 *
 * A trace file is text, versioned by its first line, so a teacher can read
 * and even edit one:
 *
 *     lockstep-trace 2
 *     scenario lost-update.race
 *     source-hash 9f3c2a71d04e5b68
 *     source 312
 *     title: Lost update
 *     ...the scenario's 312 bytes, then a newline...
 *     policy rr
 *     seed 0
 *     max-steps 10000
 *     schedule A,B,A,B
 *     steps 4
 *     step 1 A LOAD counter -> 0
 *     ...
 *     verdict expectation failed: expect counter == 2: counter is 1
 *     end
 *
 * The schedule is what replay follows; the step lines and the verdict are
 * for reading and for checking that a replay reproduced the run.  The
 * scenario's source travels with the trace (version 2), so a trace sent
 * without its .race file still replays; the hash (FNV-1a of the scenario's
 * bytes) tells whether a file of the scenario's name is the one recorded.
 * Version 1 traces, which only name their scenario, are still read.
 *
 * A trace comes from someone else: every number in it is parsed whole and
 * checked against its limit before it is used (a "steps" count beyond
 * TRACE_MAX_STEPS is refused at that line, not after reading as many).
 * Files are written to a temporary name and renamed, so a file that exists
 * is whole.
 */
#ifndef LOCKSTEP_TRACE_FILE_H
#define LOCKSTEP_TRACE_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace/trace.h"

#define TRACE_FILE_VERSION 2
#define TRACE_FILE_MAX_BYTES (64 * 1024 * 1024)

struct trace_file {
	char *scenario;		/* as recorded */
	uint64_t source_hash;
	char *source;		/* the scenario's text (version 2), or NULL */
	size_t source_len;
	char *policy;
	uint64_t seed;
	int max_steps;
	char *schedule;		/* "A,B,A,B" */
	size_t nsteps;
	char *verdict;		/* the verdict line's text */
};

uint64_t trace_source_hash(const char *text, size_t len);
/* Save tr with its program's source; false with a message (errno's words)
 * in err. */
bool trace_save(const struct trace *tr, const char *scenario, uint64_t source_hash,
    const char *path, char *err, size_t errsize);
bool trace_load(struct trace_file *tf, const char *path, char *err, size_t errsize);
void trace_file_free(struct trace_file *tf);
/* The verdict line a trace file stores for tr. */
void trace_verdict_line(const struct trace *tr, char *buf, size_t size);

#endif
