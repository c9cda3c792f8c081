/* test_ledger_rules.c: the rules of the balance, as lanes, the portal and slatectl meet them. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "ledger.h"

/* An active account with pay later, restrict credit and a limit of 100.00 owing nothing. */
static struct ledger_state
account(void)
{
	struct ledger_state	 s;

	memset(&s, 0, sizeof(s));
	s.active = 1;
	s.pay_later = 1;
	s.restrict_credit = 1;
	s.credit_limit = 10000;
	return s;
}

/* Expects kind of amount on s online to be refused with want. */
#define REFUSED(s, kind, amount, want) do {				\
	unsigned f_ = 99;						\
	int r_ = ledger_rules(&(s), (kind), (amount), LEDGER_ONLINE, &f_); \
	ck_assert_msg(r_ == (want), "%s %lld: %d, not %d", (kind),	\
	    (long long)(amount), r_, (want));				\
} while (0)

/* Expects kind of amount on s online to be posted with flags want. */
#define POSTED(s, kind, amount, want) do {				\
	unsigned f_ = 99;						\
	int r_ = ledger_rules(&(s), (kind), (amount), LEDGER_ONLINE, &f_); \
	ck_assert_msg(r_ == 0, "%s %lld refused: %d", (kind),		\
	    (long long)(amount), r_);					\
	ck_assert_msg(f_ == (want), "%s %lld: flags %u, not %u", (kind), \
	    (long long)(amount), f_, (unsigned)(want));			\
} while (0)

/* Expects kind of amount on s offline to be posted with flags want. */
#define OFFLINE(s, kind, amount, want) do {				\
	unsigned f_ = 99;						\
	int r_ = ledger_rules(&(s), (kind), (amount), LEDGER_OFFLINE, &f_); \
	ck_assert_msg(r_ == 0, "offline %s refused: %d", (kind), r_);	\
	ck_assert_msg(f_ == (want), "offline %s %lld: flags %u, not %u", \
	    (kind), (long long)(amount), f_, (unsigned)(want));		\
} while (0)

START_TEST(test_sale_up_to_the_limit)
{
	struct ledger_state	 s = account();

	POSTED(s, "sale", -10000, 0);
	REFUSED(s, "sale", -10001, LEDGER_ERR_OVER_LIMIT);
	s.balance = -9999;
	POSTED(s, "sale", -1, 0);
	REFUSED(s, "sale", -2, LEDGER_ERR_OVER_LIMIT);
}
END_TEST

START_TEST(test_sale_without_pay_later_stops_at_zero)
{
	struct ledger_state	 s = account();

	s.pay_later = 0;
	s.balance = 500;
	POSTED(s, "sale", -500, 0);
	REFUSED(s, "sale", -501, LEDGER_ERR_OVER_LIMIT);
	s.restrict_credit = 0;
	REFUSED(s, "sale", -501, LEDGER_ERR_OVER_LIMIT);
}
END_TEST

START_TEST(test_sale_allow_and_flag)
{
	struct ledger_state	 s = account();

	s.restrict_credit = 0;
	POSTED(s, "sale", -10000, 0);
	POSTED(s, "sale", -10001, LEDGER_FLAG_OVER_LIMIT);
}
END_TEST

START_TEST(test_hold_stops_money_leaving_only)
{
	struct ledger_state	 s = account();

	s.on_hold = 1;
	s.balance = 5000;
	REFUSED(s, "sale", -1, LEDGER_ERR_ON_HOLD);
	REFUSED(s, "payout", -1, LEDGER_ERR_ON_HOLD);
	POSTED(s, "deposit", 1, 0);
	POSTED(s, "refund", 1, 0);
	POSTED(s, "settlement", 1, 0);
}
END_TEST

START_TEST(test_inactive_takes_nothing_online)
{
	struct ledger_state	 s = account();

	s.active = 0;
	s.on_hold = 1;
	s.balance = 5000;
	REFUSED(s, "sale", -1, LEDGER_ERR_INACTIVE);
	REFUSED(s, "payout", -1, LEDGER_ERR_INACTIVE);
	REFUSED(s, "deposit", 1, LEDGER_ERR_INACTIVE);
	REFUSED(s, "refund", 1, LEDGER_ERR_INACTIVE);
	/* Collecting what is owed, and corrections, go on. */
	POSTED(s, "settlement", 1, 0);
	POSTED(s, "adjustment", -1, 0);
	POSTED(s, "reversal", 1, 0);
}
END_TEST

START_TEST(test_payout_at_most_credit_in_hand)
{
	struct ledger_state	 s = account();

	s.balance = 2500;
	POSTED(s, "payout", -2500, 0);
	REFUSED(s, "payout", -2501, LEDGER_ERR_INSUFFICIENT);
	/* The credit limit is not credit in hand. */
	s.balance = 0;
	REFUSED(s, "payout", -1, LEDGER_ERR_INSUFFICIENT);
	s.balance = -300;
	REFUSED(s, "payout", -1, LEDGER_ERR_INSUFFICIENT);
}
END_TEST

START_TEST(test_first_reason_in_contract_order)
{
	struct ledger_state	 s = account();

	s.active = 0;
	s.on_hold = 1;
	REFUSED(s, "payout", -1, LEDGER_ERR_INACTIVE);
	s.active = 1;
	REFUSED(s, "payout", -1, LEDGER_ERR_ON_HOLD);
	REFUSED(s, "sale", -20000, LEDGER_ERR_ON_HOLD);
}
END_TEST

START_TEST(test_offline_posts_with_flags)
{
	struct ledger_state	 s = account();

	OFFLINE(s, "sale", -10001, LEDGER_FLAG_OVER_LIMIT);
	s.on_hold = 1;
	OFFLINE(s, "sale", -1, LEDGER_FLAG_AFTER_HOLD);
	s.active = 0;
	OFFLINE(s, "sale", -10001, LEDGER_FLAG_OVER_LIMIT |
	    LEDGER_FLAG_AFTER_HOLD | LEDGER_FLAG_INACTIVE);
	OFFLINE(s, "deposit", 1, LEDGER_FLAG_INACTIVE);
	s = account();
	OFFLINE(s, "sale", -10000, 0);
}
END_TEST

START_TEST(test_available)
{
	struct ledger_state	 s = account();

	s.balance = -2500;
	ck_assert_int_eq(ledger_available(&s), 7500);
	s.balance = -12500;
	ck_assert_int_eq(ledger_available(&s), 0);
	s.pay_later = 0;
	s.balance = 300;
	ck_assert_int_eq(ledger_available(&s), 300);
	s.on_hold = 1;
	ck_assert_int_eq(ledger_available(&s), 0);
	s.on_hold = 0;
	s.active = 0;
	ck_assert_int_eq(ledger_available(&s), 0);
}
END_TEST

START_TEST(test_once_tokens)
{
	char	 a[LEDGER_ONCE_LEN + 1], b[LEDGER_ONCE_LEN + 1];

	ck_assert_int_eq(ledger_once_new(a), 0);
	ck_assert_int_eq(ledger_once_new(b), 0);
	ck_assert(ledger_once_valid(a));
	ck_assert_str_ne(a, b);
	ck_assert(!ledger_once_valid(""));
	ck_assert(!ledger_once_valid("0123456789abcdef0123456789abcde"));
	ck_assert(!ledger_once_valid("0123456789abcdef0123456789abcdef0"));
	ck_assert(!ledger_once_valid("0123456789ABCDEF0123456789abcdef"));
}
END_TEST

START_TEST(test_error_codes)
{
	ck_assert_str_eq(ledger_err_code(LEDGER_ERR_ON_HOLD), "on_hold");
	ck_assert_str_eq(ledger_err_code(LEDGER_ERR_INSUFFICIENT),
	    "insufficient_balance");
	ck_assert_str_eq(ledger_err_code(LEDGER_ERR_OVER_LIMIT), "over_limit");
	ck_assert_str_eq(ledger_err_code(LEDGER_ERR_INACTIVE), "inactive");
	ck_assert_str_eq(ledger_err_code(LEDGER_ERR_NO_ACCOUNT),
	    "unknown_account");
	ck_assert_ptr_null(ledger_err_code(LEDGER_ERR_STALE));
	ck_assert_ptr_nonnull(strstr(ledger_err_message(LEDGER_ERR_STALE),
	    "changed"));
}
END_TEST

static Suite *
ledger_suite(void)
{
	Suite	*s = suite_create("ledger rules");
	TCase	*tc = tcase_create("rules");

	tcase_add_test(tc, test_sale_up_to_the_limit);
	tcase_add_test(tc, test_sale_without_pay_later_stops_at_zero);
	tcase_add_test(tc, test_sale_allow_and_flag);
	tcase_add_test(tc, test_hold_stops_money_leaving_only);
	tcase_add_test(tc, test_inactive_takes_nothing_online);
	tcase_add_test(tc, test_payout_at_most_credit_in_hand);
	tcase_add_test(tc, test_first_reason_in_contract_order);
	tcase_add_test(tc, test_offline_posts_with_flags);
	tcase_add_test(tc, test_available);
	tcase_add_test(tc, test_once_tokens);
	tcase_add_test(tc, test_error_codes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(ledger_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
