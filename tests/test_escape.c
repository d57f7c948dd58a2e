/* test_escape.c - JSON and XML escaping of text from files (util/escape.c). */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/strbuf.h"

static char *
json(const char *s, size_t len, enum escape_json_context ctx)
{
	struct strbuf sb = { 0 };

	escape_json(&sb, s, len, ctx);
	return strbuf_detach(&sb);
}

static char *
xml(const char *s)
{
	struct strbuf sb = { 0 };

	escape_xml(&sb, s);
	return strbuf_detach(&sb);
}

#define CHECK_JSON(in, ctx, want) do { \
	char *got_ = json(in, sizeof(in) - 1, ctx); \
	ck_assert_str_eq(got_, want); \
	free(got_); \
} while (0)

#define CHECK_XML(in, want) do { \
	char *got_ = xml(in); \
	ck_assert_str_eq(got_, want); \
	free(got_); \
} while (0)

START_TEST(json_plain)
{
	CHECK_JSON("a \"b\" \\ c", ESCAPE_JSON_PLAIN, "a \\\"b\\\" \\\\ c");
	CHECK_JSON("1\n2\r3\t4\0015\x7f", ESCAPE_JSON_PLAIN, "1\\n2\\r3\\t4\\u00015\\u007f");
	/* markup means nothing in a .json file */
	CHECK_JSON("</script>&", ESCAPE_JSON_PLAIN, "</script>&");
	CHECK_JSON("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x94\x92", ESCAPE_JSON_PLAIN,
	    "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x94\x92");
	CHECK_JSON("\0", ESCAPE_JSON_PLAIN, "\\u0000");
}
END_TEST

START_TEST(json_in_html)
{
	/* nothing can end the script element or open a comment in it */
	CHECK_JSON("</script><!--&", ESCAPE_JSON_IN_HTML,
	    "\\u003c/script\\u003e\\u003c!--\\u0026");
	CHECK_JSON("</SCRIPT >", ESCAPE_JSON_IN_HTML, "\\u003c/SCRIPT \\u003e");
	/* line and paragraph separators, which old JavaScript ends lines at */
	CHECK_JSON("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", ESCAPE_JSON_IN_HTML, "a\\u2028b\\u2029c");
	/* a neighbour of theirs is left alone */
	CHECK_JSON("\xe2\x80\xa7", ESCAPE_JSON_IN_HTML, "\xe2\x80\xa7");
	CHECK_JSON("\"'", ESCAPE_JSON_IN_HTML, "\\\"'");
}
END_TEST

START_TEST(invalid_utf8_is_replaced)
{
	/* a stray continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate, a code point past U+10FFFF, bytes never in UTF-8 */
	CHECK_JSON("a\x80" "b", ESCAPE_JSON_PLAIN, "a\\ufffdb");
	CHECK_JSON("\xe2\x80", ESCAPE_JSON_PLAIN, "\\ufffd\\ufffd");
	CHECK_JSON("\xc0\xaf", ESCAPE_JSON_PLAIN, "\\ufffd\\ufffd");
	CHECK_JSON("\xed\xa0\x80", ESCAPE_JSON_PLAIN, "\\ufffd\\ufffd\\ufffd");
	CHECK_JSON("\xf4\x90\x80\x80", ESCAPE_JSON_PLAIN, "\\ufffd\\ufffd\\ufffd\\ufffd");
	CHECK_JSON("\xfe\xff", ESCAPE_JSON_IN_HTML, "\\ufffd\\ufffd");
	CHECK_JSON("\xf4\x8f\xbf\xbf", ESCAPE_JSON_PLAIN, "\xf4\x8f\xbf\xbf");
	CHECK_XML("a\x80" "b\xed\xa0\x80", "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}
END_TEST

START_TEST(xml_text)
{
	CHECK_XML("<a href=\"x\">&amp;</a>", "&lt;a href=&quot;x&quot;&gt;&amp;amp;&lt;/a&gt;");
	/* XML 1.0 has no other control characters; tab and newline stay */
	CHECK_XML("a\x1b[2Jb\tc\nd\re\x7f", "a[2Jb\tc\nde\x7f");
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

	tcase_add_test(tc, json_plain);
	tcase_add_test(tc, json_in_html);
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
