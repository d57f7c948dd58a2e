/* test_escape.c - XML text and script-safe JSON from files (util/escape.c),
 * and the UTF-8 they are made of (util/utf8.c). */
#include "config.h"

#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/strbuf.h"
#include "util/utf8.h"

static char *
script(const char *s)
{
	struct strbuf sb = { 0 };

	escape_script_json_string(&sb, s);
	return strbuf_detach(&sb);
}

static char *
xml(const char *s)
{
	struct strbuf sb = { 0 };

	escape_xml(&sb, s);
	return strbuf_detach(&sb);
}

#define CHECK_SCRIPT(in, want) do { \
	char *got_ = script(in); \
	ck_assert_str_eq(got_, want); \
	free(got_); \
} while (0)

#define CHECK_XML(in, want) do { \
	char *got_ = xml(in); \
	ck_assert_str_eq(got_, want); \
	free(got_); \
} while (0)

START_TEST(script_json)
{
	/* nothing can end the script element or open a comment in it */
	CHECK_SCRIPT("</script><!--&", "\"\\u003c/script\\u003e\\u003c!--\\u0026\"");
	CHECK_SCRIPT("</SCRIPT >", "\"\\u003c/SCRIPT \\u003e\"");
	/* still JSON: quotes, backslashes, controls, separators as the one
	 * writer writes them */
	CHECK_SCRIPT("a \"b\" \\ c\n\t", "\"a \\\"b\\\" \\\\ c\\n\\t\"");
	CHECK_SCRIPT("a\xe2\x80\xa8" "b", "\"a\\u2028b\"");
	CHECK_SCRIPT("caf\xc3\xa9", "\"caf\xc3\xa9\"");
	CHECK_SCRIPT("", "\"\"");
	/* bytes that are not UTF-8 */
	CHECK_SCRIPT("a\x80<", "\"a\\ufffd\\u003c\"");
}
END_TEST

START_TEST(invalid_utf8_is_replaced)
{
	/* a stray continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate, a code point past U+10FFFF */
	CHECK_XML("a\x80" "b", "a\xef\xbf\xbd" "b");
	CHECK_XML("\xe2\x80", "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_XML("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_XML("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_XML("\xf4\x90\x80\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	CHECK_XML("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf");
}
END_TEST

START_TEST(xml_text)
{
	CHECK_XML("<a href=\"x\">&amp;</a>", "&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;");
	/* what a terminal would obey is shown, not left in; tab and newline stay */
	CHECK_XML("a\x1b[2Jb\tc\nd\re\x7f", "a\\x1b[2Jb\tc\nd\\x0de\\x7f");
	CHECK_XML("rtl \xe2\x80\xae<", "rtl \\u202e&lt;");
	CHECK_XML("caf\xc3\xa9", "caf\xc3\xa9");
}
END_TEST

START_TEST(utf8_prefix)
{
	const char *s = "caf\xc3\xa9 \xe2\x80\x94!";

	ck_assert_uint_eq(escape_utf8_length(s), 7);
	ck_assert_uint_eq(escape_utf8_prefix(s, 4), 5);	/* never half a character */
	ck_assert_uint_eq(escape_utf8_prefix(s, 6), 9);
	ck_assert_uint_eq(escape_utf8_prefix(s, 100), strlen(s));
	ck_assert_uint_eq(escape_utf8_prefix(s, 0), 0);
	/* an invalid byte counts as one character */
	ck_assert_uint_eq(escape_utf8_length("\xff\xfe" "a"), 3);
	ck_assert_uint_eq(escape_utf8_prefix("\xe2\x80" "a", 1), 1);
}
END_TEST

/* One decoder: shortest forms only, no surrogates, nothing past
 * U+10FFFF, nothing cut short; what it decodes encodes back the same. */
START_TEST(utf8_decode_encode)
{
	static const char *const valid[] = { "A", "\xc3\xa9", "\xe2\x80\x94", "\xe7\xab\xb6",
	    "\xf0\x9f\x98\x80", "\xf4\x8f\xbf\xbf" };
	static const char *const invalid[] = { "\x80", "\xc0\xaf", "\xc1\xbf",
	    "\xe0\x80\xaf", "\xed\xa0\x80", "\xf0\x80\x80\xaf", "\xf4\x90\x80\x80",
	    "\xf8\x88\x80\x80\x80", "\xe2\x80", "\xe2\x28\xa1" };
	size_t i;

	for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		const unsigned char *u = (const unsigned char *)valid[i];
		uint32_t cp = 0;
		char back[4];
		size_t n = utf8_decode(u, strlen(valid[i]), &cp);

		ck_assert_uint_eq(n, strlen(valid[i]));
		ck_assert_uint_eq(utf8_encode(cp, back), n);
		ck_assert(memcmp(back, valid[i], n) == 0);
	}
	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++)
		ck_assert_msg(utf8_decode((const unsigned char *)invalid[i],
		    strlen(invalid[i]), NULL) == 0, "invalid case %zu decoded", i);
	ck_assert_uint_eq(utf8_lead_length(0xe7), 3);
	ck_assert_uint_eq(utf8_lead_length(0xab), 0);
	ck_assert(utf8_is_continuation(0xab));
}
END_TEST

/* Display width from the locale: a CJK character takes two columns in a
 * UTF-8 locale, Latin and box drawing one; an invalid byte counts one. */
/* A message's fixed buffer: appends stop at its end, cut short, never
 * past it. */
START_TEST(fixed_buffer_appends_are_cut_short)
{
	char buf[12] = "A";

	strbuf_catf(buf, sizeof(buf), " waits for %s", "m");
	ck_assert_str_eq(buf, "A waits for");
	strbuf_catf(buf, sizeof(buf), " and more");
	ck_assert_str_eq(buf, "A waits for");
	buf[0] = '\0';
	strbuf_catf(buf, sizeof(buf), "%d", 42);
	strbuf_catf(buf, sizeof(buf), "%s", "!");
	ck_assert_str_eq(buf, "42!");
}
END_TEST

START_TEST(utf8_width_from_the_locale)
{
	ck_assert_msg(setlocale(LC_CTYPE, "C.UTF-8") != NULL, "no C.UTF-8 locale");
	ck_assert_int_eq(utf8_width(0x7af6), 2);
	ck_assert_int_eq(utf8_width(0xe9), 1);
	ck_assert_int_eq(utf8_width(0x2500), 1);
	ck_assert_int_eq(utf8_text_width("a\xe7\xab\xb6\xc3\xa9\xff"), 5);
	setlocale(LC_CTYPE, "C");
}
END_TEST

static Suite *
escape_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("escape");

	tcase_add_test(tc, script_json);
	tcase_add_test(tc, invalid_utf8_is_replaced);
	tcase_add_test(tc, xml_text);
	tcase_add_test(tc, utf8_prefix);
	tcase_add_test(tc, utf8_decode_encode);
	tcase_add_test(tc, utf8_width_from_the_locale);
	tcase_add_test(tc, fixed_buffer_appends_are_cut_short);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(escape_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
