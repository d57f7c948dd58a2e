#include "config.h"

#include "explore/sparse.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && \
    !defined(LOCKSTEP_PORTABLE_SPARSE)
#define HAVE_X86_VECTORS 1
#include <immintrin.h>
#else
#define HAVE_X86_VECTORS 0
#endif

#define BLOCK 16

size_t
sparse_bound(size_t words)
{
	/* a mask per block, every word, and room for one whole block stored
	 * at once past the last */
	return (words + BLOCK - 1) / BLOCK * sizeof(uint16_t) + words * 4 + BLOCK * 4;
}

static size_t
block_words(size_t words, size_t i)
{
	return words - i < BLOCK ? words - i : BLOCK;
}

/* The format: the masks of every block, then the words they keep.  With
 * the masks apart, a decoder finds every mask at once, and where each
 * block's words are is a running sum of their counts. */

static size_t
nblocks(size_t words)
{
	return (words + BLOCK - 1) / BLOCK;
}

/* Word k of base, or 0 without one. */
static uint32_t
base_word(const uint32_t *base, size_t k)
{
	return base != NULL ? base[k] : 0;
}

size_t
sparse_encode_portable(const void *in, const uint32_t *base, size_t words,
    unsigned char *out)
{
	const unsigned char *p = in;
	unsigned char *o = out + nblocks(words) * sizeof(uint16_t);
	size_t i, r;

	for (i = 0; i < words; i += BLOCK) {
		size_t n = block_words(words, i);
		uint16_t mask = 0;

		for (r = 0; r < n; r++) {
			uint32_t w;

			memcpy(&w, p + (i + r) * 4, 4);
			w ^= base_word(base, i + r);
			/* stored always, kept only if not zero: no branch */
			memcpy(o, &w, 4);
			o += (w != 0) * 4;
			mask |= (uint16_t)((w != 0) << r);
		}
		memcpy(out + i / BLOCK * sizeof(mask), &mask, sizeof(mask));
	}
	return (size_t)(o - out);
}

size_t
sparse_decode_portable(const unsigned char *in, const uint32_t *base, size_t words,
    void *out)
{
	const unsigned char *p = in + nblocks(words) * sizeof(uint16_t);
	unsigned char *o = out;
	size_t i, r;

	for (i = 0; i < words; i += BLOCK) {
		size_t n = block_words(words, i);
		uint16_t mask;

		memcpy(&mask, in + i / BLOCK * sizeof(mask), sizeof(mask));
		for (r = 0; r < n; r++) {
			uint32_t w = 0;

			if ((mask >> r) & 1) {
				memcpy(&w, p, 4);
				p += 4;
			}
			w ^= base_word(base, i + r);
			memcpy(o + (i + r) * 4, &w, 4);
		}
	}
	return (size_t)(p - in);
}

#if HAVE_X86_VECTORS
static __mmask16
first_lanes(size_t n)
{
	return (__mmask16)((1u << n) - 1);
}

/* One pass: a block's words go where the counts before it say.  (Masks
 * first, then words in a second pass, was slower: each mask was read
 * back from memory just stored.)  Whole blocks take plain loads; only
 * the last block may be part of one, its lanes masked. */
__attribute__((target("avx512f,popcnt"))) static size_t
encode_avx512(const void *in, const uint32_t *base, size_t words, unsigned char *out)
{
	const unsigned char *p = in;
	size_t i, at = nblocks(words) * sizeof(uint16_t);
	uint16_t m;
	__m512i v;

	for (i = 0; i + BLOCK <= words; i += BLOCK) {
		v = _mm512_loadu_si512((const void *)(p + i * 4));
		if (base != NULL)
			v = _mm512_xor_si512(v, _mm512_loadu_si512((const void *)(base + i)));
		m = (uint16_t)_mm512_test_epi32_mask(v, v);
		memcpy(out + i / BLOCK * sizeof(m), &m, sizeof(m));
		_mm512_storeu_si512((void *)(out + at), _mm512_maskz_compress_epi32(m, v));
		at += (size_t)__builtin_popcount(m) * 4;
	}
	if (i == words)
		return at;
	v = _mm512_maskz_loadu_epi32(first_lanes(words - i), p + i * 4);
	if (base != NULL)
		v = _mm512_xor_si512(v, _mm512_maskz_loadu_epi32(first_lanes(words - i), base + i));
	m = (uint16_t)_mm512_test_epi32_mask(v, v);
	memcpy(out + i / BLOCK * sizeof(m), &m, sizeof(m));
	_mm512_storeu_si512((void *)(out + at), _mm512_maskz_compress_epi32(m, v));
	return at + (size_t)__builtin_popcount(m) * 4;
}

/* The expanding load reads just the words a block kept (no lanes to
 * work out for it); only the last block may be part of one. */
__attribute__((target("avx512f,popcnt"))) static size_t
decode_avx512(const unsigned char *in, const uint32_t *base, size_t words, void *out)
{
	unsigned char *o = out;
	size_t i, at = nblocks(words) * sizeof(uint16_t);
	uint16_t m;
	__m512i v;

	for (i = 0; i + BLOCK <= words; i += BLOCK) {
		memcpy(&m, in + i / BLOCK * sizeof(m), sizeof(m));
		v = _mm512_maskz_expandloadu_epi32(m, in + at);
		if (base != NULL)
			v = _mm512_xor_si512(v, _mm512_loadu_si512((const void *)(base + i)));
		_mm512_storeu_si512((void *)(o + i * 4), v);
		at += (size_t)__builtin_popcount(m) * 4;
	}
	if (i == words)
		return at;
	memcpy(&m, in + i / BLOCK * sizeof(m), sizeof(m));
	v = _mm512_maskz_expandloadu_epi32(m, in + at);
	if (base != NULL)
		v = _mm512_xor_si512(v, _mm512_maskz_loadu_epi32(first_lanes(words - i), base + i));
	_mm512_mask_storeu_epi32(o + i * 4, first_lanes(words - i), v);
	return at + (size_t)__builtin_popcount(m) * 4;
}
#endif

#if HAVE_X86_VECTORS
/* AVX2 has no compress or expand: a table gives, for each 8-bit mask,
 * the lanes a permutation takes words from. */
static uint32_t compress_lanes[256][8];	/* the set lanes, in order */
/* for a set lane, how many set below it; for the others 7 (expand8) */
static uint32_t expand_lanes[256][8];

static void
make_lane_tables(void)
{
	unsigned m, i, k;

	for (m = 0; m < 256; m++)
		for (i = 0, k = 0; i < 8; i++)
			if ((m >> i) & 1) {
				compress_lanes[m][k++] = i;
				expand_lanes[m][i] = k - 1;
			} else {
				expand_lanes[m][i] = 7;
			}
}

/* The lanes below n, for masked loads and stores of a block's tail. */
__attribute__((target("avx2"))) static __m256i
first_lanes8(size_t n)
{
	return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)n),
	    _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

__attribute__((target("avx2"))) static __m256i
load8(const unsigned char *p, size_t n)
{
	if (n >= 8)
		return _mm256_loadu_si256((const void *)p);
	return _mm256_maskload_epi32((const int *)(const void *)p, first_lanes8(n));
}

/* Eight words' non-zero lanes packed to the front of out; their mask. */
__attribute__((target("avx2,popcnt"))) static inline unsigned
compress8(__m256i v, unsigned char *out, size_t *at)
{
	__m256i zero = _mm256_cmpeq_epi32(v, _mm256_setzero_si256());
	unsigned m = ~(unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(zero)) & 0xFF;
	__m256i idx = _mm256_loadu_si256((const void *)compress_lanes[m]);

	_mm256_storeu_si256((void *)(out + *at), _mm256_permutevar8x32_epi32(v, idx));
	*at += (size_t)__builtin_popcount(m) * 4;
	return m;
}

/* Whole blocks take two loads each, without the lanes of a tail; only
 * the last block may be part of one. */
__attribute__((target("avx2,popcnt"))) static size_t
encode_avx2(const void *in, const uint32_t *base, size_t words, unsigned char *out)
{
	const unsigned char *p = in;
	size_t i, h, at = nblocks(words) * sizeof(uint16_t);
	uint16_t mask;

	for (i = 0; i + BLOCK <= words; i += BLOCK) {
		__m256i lo = _mm256_loadu_si256((const void *)(p + i * 4));
		__m256i hi = _mm256_loadu_si256((const void *)(p + (i + 8) * 4));

		if (base != NULL) {
			lo = _mm256_xor_si256(lo, _mm256_loadu_si256((const void *)(base + i)));
			hi = _mm256_xor_si256(hi, _mm256_loadu_si256((const void *)(base + i + 8)));
		}
		mask = (uint16_t)compress8(lo, out, &at);
		mask |= (uint16_t)(compress8(hi, out, &at) << 8);
		memcpy(out + i / BLOCK * sizeof(mask), &mask, sizeof(mask));
	}
	if (i == words)
		return at;
	mask = 0;
	for (h = 0; i + h < words; h += 8) {
		__m256i v = load8(p + (i + h) * 4, words - i - h);

		if (base != NULL)
			v = _mm256_xor_si256(v, load8((const unsigned char *)(base + i + h),
			    words - i - h));
		mask |= (uint16_t)(compress8(v, out, &at) << h);
	}
	memcpy(out + i / BLOCK * sizeof(mask), &mask, sizeof(mask));
	return at;
}

/* The next eight words of a block: the popcount(m) words kept at
 * in + *at, each back in its lane of m, and 0 in the others. */
__attribute__((target("avx2,popcnt"))) static inline __m256i
expand8(const unsigned char *in, size_t *at, unsigned m)
{
	size_t count = (size_t)__builtin_popcount(m);
	__m256i v = load8(in + *at, count);
	__m256i idx = _mm256_loadu_si256((const void *)expand_lanes[m]);

	*at += count * 4;
	/* a lane m leaves out takes lane 7, which the load left 0 (there is
	 * no such lane when all eight are kept) */
	return _mm256_permutevar8x32_epi32(v, idx);
}

__attribute__((target("avx2,popcnt"))) static size_t
decode_avx2(const unsigned char *in, const uint32_t *base, size_t words, void *out)
{
	unsigned char *o = out;
	size_t i, h, at = nblocks(words) * sizeof(uint16_t);
	uint16_t mask;

	for (i = 0; i + BLOCK <= words; i += BLOCK) {
		__m256i lo, hi;

		memcpy(&mask, in + i / BLOCK * sizeof(mask), sizeof(mask));
		lo = expand8(in, &at, mask & 0xFFu);
		hi = expand8(in, &at, (unsigned)mask >> 8);
		if (base != NULL) {
			lo = _mm256_xor_si256(lo, _mm256_loadu_si256((const void *)(base + i)));
			hi = _mm256_xor_si256(hi, _mm256_loadu_si256((const void *)(base + i + 8)));
		}
		_mm256_storeu_si256((void *)(o + i * 4), lo);
		_mm256_storeu_si256((void *)(o + (i + 8) * 4), hi);
	}
	if (i == words)
		return at;
	memcpy(&mask, in + i / BLOCK * sizeof(mask), sizeof(mask));
	for (h = 0; i + h < words; h += 8) {
		__m256i v = expand8(in, &at, ((unsigned)mask >> h) & 0xFFu);

		if (base != NULL)
			v = _mm256_xor_si256(v, load8((const unsigned char *)(base + i + h),
			    words - i - h));
		if (words - i - h >= 8)
			_mm256_storeu_si256((void *)(o + (i + h) * 4), v);
		else
			_mm256_maskstore_epi32((int *)(void *)(o + (i + h) * 4),
			    first_lanes8(words - i - h), v);
	}
	return at;
}
#endif

/* Kept as they are, but for the base: the words XOR it, to and fro. */
static void
xor_words(unsigned char *to, const unsigned char *from, const uint32_t *base, size_t words)
{
	size_t k;
	uint32_t w;

	memcpy(to, from, words * 4);
	if (base != NULL)
		for (k = 0; k < words; k++) {
			memcpy(&w, to + k * 4, 4);
			w ^= base[k];
			memcpy(to + k * 4, &w, 4);
		}
}

static size_t
keep_words(const void *in, const uint32_t *base, size_t words, unsigned char *out)
{
	xor_words(out, in, base, words);
	return words * 4;
}

static size_t
kept_words(const unsigned char *in, const uint32_t *base, size_t words, void *out)
{
	xor_words(out, in, base, words);
	return words * 4;
}

/* By enum sparse_kind; one the processor lacks is never called. */
static const struct {
	sparse_encode_fn encode;
	sparse_decode_fn decode;
} ways[] = {
	{ keep_words, kept_words },
	{ sparse_encode_portable, sparse_decode_portable },
#if HAVE_X86_VECTORS
	{ encode_avx2, decode_avx2 },
	{ encode_avx512, decode_avx512 },
#else
	{ sparse_encode_portable, sparse_decode_portable },
	{ sparse_encode_portable, sparse_decode_portable },
#endif
};

static pthread_once_t chosen = PTHREAD_ONCE_INIT;
static enum sparse_kind best = SPARSE_NONE;

/* The fastest way the processor has, or a slower one LOCKSTEP_SPARSE
 * (or its old name, LOCKSTEP_ZWORDS) names (to measure it).  Without
 * vector instructions the loop costs more than the smaller states save
 * (twice the time of the whole search on semaphore-limit), so states are
 * kept as they are. */
static void
choose(void)
{
	const char *asked = getenv("LOCKSTEP_SPARSE");

#if HAVE_X86_VECTORS
	make_lane_tables();
	if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt"))
		best = SPARSE_AVX2;
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("popcnt"))
		best = SPARSE_AVX512;
#endif
	if (asked == NULL)
		asked = getenv("LOCKSTEP_ZWORDS");
	if (asked == NULL)
		return;
	if (strcmp(asked, "none") == 0)
		best = SPARSE_NONE;
	else if (strcmp(asked, "portable") == 0)
		best = SPARSE_PORTABLE;
	else if (strcmp(asked, "avx2") == 0 && best > SPARSE_AVX2)
		best = SPARSE_AVX2;
}

bool
sparse_has(enum sparse_kind kind)
{
	pthread_once(&chosen, choose);
	return kind <= best || kind == SPARSE_PORTABLE;
}

enum sparse_kind
sparse_kind(void)
{
	pthread_once(&chosen, choose);
	return best;
}

size_t
sparse_encode_with(enum sparse_kind kind, const void *in, const uint32_t *base,
    size_t words, unsigned char *out)
{
	return ways[kind].encode(in, base, words, out);
}

size_t
sparse_decode_with(enum sparse_kind kind, const unsigned char *in, const uint32_t *base,
    size_t words, void *out)
{
	return ways[kind].decode(in, base, words, out);
}

sparse_encode_fn
sparse_encoder(void)
{
	return ways[sparse_kind()].encode;
}

sparse_decode_fn
sparse_decoder(void)
{
	return ways[sparse_kind()].decode;
}
