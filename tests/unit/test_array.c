/* test_array.c: arrays that grow as items are appended. */
#include <stdint.h>
#include <stdlib.h>

#include <check.h>

#include "array.h"

START_TEST(test_room_grows_by_doubling)
{
	int64_t	*a = NULL, *p;
	size_t	 cap = 0, n;

	for (n = 0; n < 100; n++) {
		p = array_room(a, &cap, n, sizeof(*a), 8);
		ck_assert_ptr_nonnull(p);
		a = p;
		a[n] = (int64_t)n;
		ck_assert_uint_gt(cap, n);
	}
	/* 8, 16, 32, 64, 128: never more than twice what is used. */
	ck_assert_uint_eq(cap, 128);
	for (n = 0; n < 100; n++)
		ck_assert_int_eq(a[n], (int64_t)n);
	/* Room left: the same array, the same capacity. */
	ck_assert_ptr_eq(array_room(a, &cap, 100, sizeof(*a), 8), a);
	ck_assert_uint_eq(cap, 128);
	free(a);
}
END_TEST

START_TEST(test_room_refused_past_size_max)
{
	char	 one[1];
	size_t	 cap = SIZE_MAX / 2 + 1;

	/* Twice the capacity would not fit in a size_t: refused, nothing changed. */
	ck_assert_ptr_null(array_room(one, &cap, cap, 1, 8));
	ck_assert_uint_eq(cap, SIZE_MAX / 2 + 1);
	cap = 0;
	ck_assert_ptr_null(array_room(NULL, &cap, 0, SIZE_MAX / 4, 8));
	ck_assert_uint_eq(cap, 0);
}
END_TEST

static Suite *
array_suite(void)
{
	Suite	*s = suite_create("array");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_room_grows_by_doubling);
	tcase_add_test(tc, test_room_refused_past_size_max);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(array_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
