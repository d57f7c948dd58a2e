#include "config.h"

#include "explore/zwords.h"

#include <string.h>

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__) && \
    !defined(LOCKSTEP_PORTABLE_ZWORDS)
#define HAVE_AVX512 1
#include <immintrin.h>
#else
#define HAVE_AVX512 0
#endif

#define BLOCK 16

size_t
zwords_bound(size_t words)
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
 * the masks apart, where each block's words go is a running sum of
 * their counts, and the blocks need not wait for each other. */

static size_t
nblocks(size_t words)
{
	return (words + BLOCK - 1) / BLOCK;
}

size_t
zwords_encode_portable(const void *in, size_t words, unsigned char *out)
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
zwords_decode_portable(const unsigned char *in, size_t words, void *out)
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
			memcpy(o + (i + r) * 4, &w, 4);
		}
	}
	return (size_t)(p - in);
}

#if HAVE_AVX512
static __mmask16
first_lanes(size_t n)
{
	return (__mmask16)((1u << n) - 1);
}

__attribute__((target("avx512f"))) static size_t
encode_avx512(const void *in, size_t words, unsigned char *out)
{
	const unsigned char *p = in;
	size_t i, nb = nblocks(words), at = nb * sizeof(uint16_t);

	for (i = 0; i < words; i += BLOCK) {
		__m512i v = _mm512_maskz_loadu_epi32(first_lanes(block_words(words, i)),
		    p + i * 4);
		uint16_t m = (uint16_t)_mm512_test_epi32_mask(v, v);

		memcpy(out + i / BLOCK * sizeof(m), &m, sizeof(m));
	}
	for (i = 0; i < words; i += BLOCK) {
		__m512i v = _mm512_maskz_loadu_epi32(first_lanes(block_words(words, i)),
		    p + i * 4);
		uint16_t m;

		memcpy(&m, out + i / BLOCK * sizeof(m), sizeof(m));
		_mm512_storeu_si512((void *)(out + at), _mm512_maskz_compress_epi32(m, v));
		at += (size_t)__builtin_popcount(m) * 4;
	}
	return at;
}

__attribute__((target("avx512f"))) static size_t
decode_avx512(const unsigned char *in, size_t words, void *out)
{
	unsigned char *o = out;
	size_t i, at = nblocks(words) * sizeof(uint16_t);

	for (i = 0; i < words; i += BLOCK) {
		uint16_t m;
		size_t count;
		__m512i v;

		memcpy(&m, in + i / BLOCK * sizeof(m), sizeof(m));
		count = (size_t)__builtin_popcount(m);
		v = _mm512_maskz_expand_epi32(m, _mm512_maskz_loadu_epi32(first_lanes(count),
		    in + at));
		if (words - i >= BLOCK)
			_mm512_storeu_si512((void *)(o + i * 4), v);
		else
			_mm512_mask_storeu_epi32(o + i * 4, first_lanes(words - i), v);
		at += count * 4;
	}
	return at;
}
#endif

bool
zwords_vector(void)
{
#if HAVE_AVX512
	return __builtin_cpu_supports("avx512f");
#else
	return false;
#endif
}

size_t
zwords_encode(const void *in, size_t words, unsigned char *out)
{
#if HAVE_AVX512
	if (zwords_vector())
		return encode_avx512(in, words, out);
#endif
	return zwords_encode_portable(in, words, out);
}

size_t
zwords_decode(const unsigned char *in, size_t words, void *out)
{
#if HAVE_AVX512
	if (zwords_vector())
		return decode_avx512(in, words, out);
#endif
	return zwords_decode_portable(in, words, out);
}
