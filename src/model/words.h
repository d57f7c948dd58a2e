/* words.h - a primitive's state in words, for every view that shows one:
 * the side panel of the terminal UI, the picture and the handout; and a
 * shared name's value, as every report and verdict writes it.
 *
 * The views word it in two registers: the side panel is terse, a line a
 * primitive beside its name ("m: A (depth 2)"); the picture and the handout
 * write it for a reader who did not watch the run ("held by A (2 deep)").
 * Both come from here, so a primitive gains a state in one place.
 */
#ifndef LOCKSTEP_MODEL_WORDS_H
#define LOCKSTEP_MODEL_WORDS_H

#include "model/model.h"
#include "util/strbuf.h"

enum model_words {
	MODEL_WORDS_BRIEF,	/* "A (depth 2)", "2 of 3", "writer A", "[1, 2] 2/4" */
	MODEL_WORDS_PROSE,	/* "held by A (2 deep)", "count 2 of 3", "written by A" */
};

/* Append what primitive p is like in st: "free", "held by A", "count 2 of
 * 3", "set", "waiting: B, C" ... */
void model_prim_words(const struct model *m, const struct model_state *st, int p,
    enum model_words how, struct strbuf *out);

/* Append shared name shared's value in values (model_nelements of them) as
 * Python prints it: 3, or [1, 2, 3] for an array.  most > 0: an array of
 * more than most + 2 elements shows its first most, then "... (N more)". */
void model_shared_words(const struct model *m, const struct model_value *values,
    int shared, int most, struct strbuf *out);

#endif
