/* sparse.h - sparse state encoding: a state stored without its zero words.
 *
 * Most of a state is zero: padding, fields a scenario never uses,
 * clocks of threads that never met.  The search keeps millions of states,
 * and hashes, compares and copies each it reaches, so it keeps them
 * without those words.  Words go in blocks of 16, each with a 16-bit mask
 * of its non-zero words: first every block's mask, then the non-zero
 * words in order.  One state has one encoding, and two encodings are
 * equal exactly when the states are: the search hashes and compares
 * encodings as they are.
 *
 * Where the processor has AVX-512 a block is one compress or expand
 * instruction; with AVX2, two permutations from a table.  A loop does the
 * same, byte for byte, but slower than the smaller states repay: without
 * vector instructions the words are kept as they are, zeros and all.
 * Within one search every state is kept the same way.
 */
#ifndef LOCKSTEP_EXPLORE_SPARSE_H
#define LOCKSTEP_EXPLORE_SPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most bytes an encoder writes for this many words. */
size_t sparse_bound(size_t words);

/* The ways to do it: keep every word (NONE), the loop, then vector
 * instructions, each faster than the one before. */
enum sparse_kind { SPARSE_NONE, SPARSE_PORTABLE, SPARSE_AVX2, SPARSE_AVX512 };

/* The fastest the processor can do. */
enum sparse_kind sparse_kind(void);
/* Its functions.  An encoder encodes words 4-byte words from in (any
 * alignment) into out, which needs sparse_bound(words) bytes, and returns
 * the bytes written; a decoder decodes words words from in into out and
 * returns the bytes read.  With a base (words words, or NULL for none),
 * what is encoded is each word XOR the base's: a word equal to the base's
 * is left out as a zero word is, and decoding with the same base gives
 * the words back. */
typedef size_t (*sparse_encode_fn)(const void *in, const uint32_t *base, size_t words,
    unsigned char *out);
typedef size_t (*sparse_decode_fn)(const unsigned char *in, const uint32_t *base,
    size_t words, void *out);
sparse_encode_fn sparse_encoder(void);
sparse_decode_fn sparse_decoder(void);
/* Whether this processor can do it that way (the loop, always). */
bool sparse_has(enum sparse_kind kind);
/* One way in particular (the processor must have it): for the tests. */
size_t sparse_encode_with(enum sparse_kind kind, const void *in, const uint32_t *base,
    size_t words, unsigned char *out);
size_t sparse_decode_with(enum sparse_kind kind, const unsigned char *in,
    const uint32_t *base, size_t words, void *out);
size_t sparse_encode_portable(const void *in, const uint32_t *base, size_t words,
    unsigned char *out);
size_t sparse_decode_portable(const unsigned char *in, const uint32_t *base, size_t words,
    void *out);

#endif
