/* test_escape.c - XML text and script-safe JSON from files (util/escape.c). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/strbuf.h"

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

static Suite *
escape_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *tc = tcase_create("escape");

	tcase_add_test(tc, script_json);
	tcase_add_test(tc, invalid_utf8_is_replaced);
	tcase_add_test(tc, xml_text);
	tcase_add_test(tc, utf8_prefix);
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
