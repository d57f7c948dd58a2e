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

size_t
zwords_encode_portable(const void *in, size_t words, unsigned char *out)
{
	const unsigned char *p = in;
	unsigned char *o = out;
	size_t i, r;

	for (i = 0; i < words; i += BLOCK) {
		size_t n = block_words(words, i);
		unsigned char *mask_at = o;
		uint16_t mask = 0;

		o += sizeof(mask);
		for (r = 0; r < n; r++) {
			uint32_t w;

			memcpy(&w, p + (i + r) * 4, 4);
			/* stored always, kept only if not zero: no branch */
			memcpy(o, &w, 4);
			o += (w != 0) * 4;
			mask |= (uint16_t)((w != 0) << r);
		}
		memcpy(mask_at, &mask, sizeof(mask));
	}
	return (size_t)(o - out);
}

size_t
zwords_decode_portable(const unsigned char *in, size_t words, void *out)
{
	const unsigned char *p = in;
	unsigned char *o = out;
	size_t i, r;

	for (i = 0; i < words; i += BLOCK) {
		size_t n = block_words(words, i);
		uint16_t mask;

		memcpy(&mask, p, sizeof(mask));
		p += sizeof(mask);
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
	unsigned char *o = out;
	size_t i;

	for (i = 0; i < words; i += BLOCK) {
		__m512i v = _mm512_maskz_loadu_epi32(first_lanes(block_words(words, i)),
		    p + i * 4);
		__mmask16 mask = _mm512_test_epi32_mask(v, v);
		uint16_t m = (uint16_t)mask;

		memcpy(o, &m, sizeof(m));
		o += sizeof(m);
		_mm512_storeu_si512((void *)o, _mm512_maskz_compress_epi32(mask, v));
		o += (size_t)__builtin_popcount(m) * 4;
	}
	return (size_t)(o - out);
}

__attribute__((target("avx512f"))) static size_t
decode_avx512(const unsigned char *in, size_t words, void *out)
{
	const unsigned char *p = in;
	unsigned char *o = out;
	size_t i;

	for (i = 0; i < words; i += BLOCK) {
		uint16_t m;
		size_t count;
		__m512i v;

		memcpy(&m, p, sizeof(m));
		p += sizeof(m);
		count = (size_t)__builtin_popcount(m);
		v = _mm512_maskz_loadu_epi32(first_lanes(count), p);
		_mm512_mask_storeu_epi32(o + i * 4, first_lanes(block_words(words, i)),
		    _mm512_maskz_expand_epi32((__mmask16)m, v));
		p += count * 4;
	}
	return (size_t)(p - in);
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
