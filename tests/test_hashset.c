/* test_hashset.c - the set of 64-bit keys (util/hashset.c): what goes in
 * is found, what did not is not, through the table's growth and with the
 * keys that share low bits and so probe past each other; and the index of
 * entries kept elsewhere, by hash. */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>

#include "util/hashset.h"

START_TEST(empty_set_holds_nothing)
{
	struct hashset set = { 0 };

	ck_assert(!hashset_contains(&set, 0));
	ck_assert(!hashset_contains(&set, 42));
	ck_assert_uint_eq(hashset_count(&set), 0);
	hashset_free(&set);
}
END_TEST

START_TEST(insert_says_whether_new)
{
	struct hashset set = { 0 };

	ck_assert(hashset_insert(&set, 7));
	ck_assert(!hashset_insert(&set, 7));
	ck_assert(hashset_insert(&set, 0));	/* zero is a key too */
	ck_assert(!hashset_insert(&set, 0));
	ck_assert(hashset_contains(&set, 0));
	ck_assert(hashset_contains(&set, 7));
	ck_assert(!hashset_contains(&set, 8));
	ck_assert_uint_eq(hashset_count(&set), 2);
	hashset_free(&set);
	ck_assert(!hashset_contains(&set, 7));
	ck_assert(!hashset_contains(&set, 0));
	ck_assert_uint_eq(hashset_count(&set), 0);
}
END_TEST

/* Keys with equal low bits all start their probe in the same slot; some
 * thousands of them make the table grow several times on the way. */
START_TEST(colliding_keys_through_growth)
{
	struct hashset set = { 0 };
	uint64_t i, n = 5000;

	for (i = 1; i <= n; i++)
		ck_assert(hashset_insert(&set, i << 32));
	for (i = 1; i <= n; i++) {
		ck_assert(hashset_contains(&set, i << 32));
		ck_assert(!hashset_contains(&set, (i << 32) + 1));
		ck_assert(!hashset_insert(&set, i << 32));
	}
	ck_assert_uint_eq(hashset_count(&set), n);
	hashset_free(&set);
}
END_TEST

START_TEST(merge_is_the_union)
{
	struct hashset a = { 0 }, b = { 0 };
	uint64_t i;

	for (i = 0; i < 3000; i++)
		hashset_insert(&a, i * 3);
	for (i = 0; i < 3000; i++)
		hashset_insert(&b, i * 5);
	hashset_merge(&a, &b);
	/* multiples of 3 below 9000, of 5 below 15000, of 15 below 9000 once */
	ck_assert_uint_eq(hashset_count(&a), 3000 + 3000 - 600);
	for (i = 0; i < 15000; i++)
		ck_assert(hashset_contains(&a, i) == ((i % 3 == 0 && i < 9000) ||
		    i % 5 == 0));
	hashset_free(&a);
	hashset_free(&b);
}
END_TEST

/* Entries kept outside, indexed by a hash that many of them share: each
 * is found among those of its hash, and only those.  (A thousand, through
 * five growths: the probe runs of ten shared hashes make the work grow
 * with the square of the count, and 4,000 timed out on a loaded machine.) */
START_TEST(index_finds_entries_by_hash)
{
	struct hashindex ix = { 0 };
	uint64_t entries[1000];
	size_t i, j, it, found;

	ck_assert_uint_eq(hashindex_first(&ix, 5, &it), SIZE_MAX);
	for (i = 0; i < 1000; i++) {
		entries[i] = i;
		hashindex_add(&ix, (uint64_t)(i % 10) << 40, i);	/* ten hashes */
	}
	for (i = 0; i < 1000; i++) {
		found = 0;
		for (j = hashindex_first(&ix, (uint64_t)(i % 10) << 40, &it); j != SIZE_MAX;
		    j = hashindex_next(&ix, (uint64_t)(i % 10) << 40, &it)) {
			ck_assert_uint_eq(entries[j] % 10, i % 10);
			found += entries[j] == i;
		}
		ck_assert_uint_eq(found, 1);
	}
	ck_assert_uint_eq(hashindex_first(&ix, 11, &it), SIZE_MAX);
	hashindex_clear(&ix);
	ck_assert_uint_eq(hashindex_first(&ix, 0, &it), SIZE_MAX);
	hashindex_add(&ix, 3, 17);
	ck_assert_uint_eq(hashindex_first(&ix, 3, &it), 17);
	ck_assert_uint_eq(hashindex_next(&ix, 3, &it), SIZE_MAX);
	hashindex_free(&ix);
}
END_TEST

static Suite *
hashset_suite(void)
{
	Suite *s = suite_create("hashset");
	TCase *tc = tcase_create("hashset");

	tcase_add_test(tc, empty_set_holds_nothing);
	tcase_add_test(tc, insert_says_whether_new);
	tcase_add_test(tc, colliding_keys_through_growth);
	tcase_add_test(tc, merge_is_the_union);
	tcase_add_test(tc, index_finds_entries_by_hash);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hashset_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
