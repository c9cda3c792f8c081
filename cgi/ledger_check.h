/* ledger_check.h: verifies the ledger's invariants on a whole database, for `slatectl check`. */
#ifndef SLATE_LEDGER_CHECK_H
#define SLATE_LEDGER_CHECK_H

#include <stdint.h>
#include <stdio.h>

struct db;

/* The exit statuses of `slatectl check`. */
#define CHECK_EXIT_OK		0	/* every invariant holds */
#define CHECK_EXIT_PROBLEMS	1	/* something is wrong: printed */
#define CHECK_EXIT_ERROR	2	/* bad arguments, or no database */

/* What a check looked at and found. */
struct check_result {
	int64_t		 accounts;	/* accounts checked */
	int64_t		 entries;	/* ledger entries checked */
	int64_t		 problems;	/* problems printed */
};

/*
 * Checks the ledger of store_id (0: of every store), all of it as of
 * one moment (one consistent snapshot, so postings under way do not
 * show as half-written): each account's balance is the sum of its
 * entries; each entry's balance after is the one before plus its
 * amount (the first break of an account is printed); each entry that
 * moved money has one open item of its side and size; each open
 * item's open amount is its amount less its allocations, never below
 * zero, with no more allocated than its amount, and it is closed
 * exactly when nothing is open; allocations go from a credit to a
 * charge of one account; no account has both open charges and credit
 * in hand, its open charges are what it owes and its open credits its
 * credit in hand (so ageing adds up to what is owed); a reversal
 * reverses an entry of its account, by the opposite amount, and is not
 * itself reversed; a gift card's balance is the sum of its entries,
 * follows them one by one, and is never below zero.
 *
 * Prints one line per problem on out ("S001 account A000012 entry
 * E000345: what is wrong: the figures", amounts in minor units) and
 * fills *res. Returns 0 (look at res->problems), or a negative enum
 * db_result when the database could not be read.
 */
int	check_ledger(struct db *db, int64_t store_id, FILE *out,
	    struct check_result *res);

/*
 * `slatectl check [--store S]`: argv[0] is "check". Runs check_ledger
 * on the store with code S, or every store, then prints a summary line
 * ("checked N accounts, M entries: OK" or ": K problems"). Returns
 * CHECK_EXIT_OK, CHECK_EXIT_PROBLEMS, or CHECK_EXIT_ERROR (with the
 * reason on standard error).
 */
int	check_command(struct db *db, int argc, char **argv);

#endif
