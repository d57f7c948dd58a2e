/* cast.h - an asciicast v2 recording, written as it happens.
 *
 * The first line is the header object (version 2, width, height,
 * timestamp, title, idle_time_limit); every later line one event:
 * [seconds, "o", output] for what the terminal was sent, [seconds, "r",
 * "WxH"] for a resize, [seconds, "m", label] for a marker a player can jump
 * to.  It is written to PATH.part and renamed to PATH when it is closed
 * whole (util/outfile.h).  Each event is flushed when it is written, so a
 * recording cut short by a crash or a kill is a PATH.part that plays up to
 * its last event; one whose write failed is removed.  Pauses longer than the idle
 * limit are shortened to it.  Output is JSON-escaped; a UTF-8 character
 * split across two writes is kept whole, and bytes that are not UTF-8
 * become U+FFFD.
 */
#ifndef LOCKSTEP_RECORD_CAST_H
#define LOCKSTEP_RECORD_CAST_H

#include <stdbool.h>
#include <stddef.h>

#define CAST_IDLE_LIMIT 2.0	/* seconds */

struct cast;

/* Create path's temporary; NULL with a message in err. */
struct cast *cast_open(const char *path, int width, int height, const char *title,
    char *err, size_t errsize);
void cast_output(struct cast *c, const char *bytes, size_t len);
void cast_resize(struct cast *c, int width, int height);
void cast_marker(struct cast *c, const char *label);
/* NULL while every write succeeded; after the first failure (a full disk,
 * say) "cannot write PATH: why", and later events are dropped. */
const char *cast_error(const struct cast *c);
/* Finish and rename to PATH; false with a message in err, nothing kept. */
bool cast_close(struct cast *c, char *err, size_t errsize);
/* Stop and remove the recording. */
void cast_abandon(struct cast *c);

#endif
