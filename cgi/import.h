/* import.h: customers with their accounts from a CSV file, and the export that imports back. */
#ifndef SLATE_IMPORT_H
#define SLATE_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "schedule.h"

struct audit_actor;
struct buf;
struct currency;
struct db;

#define IMPORT_CELL_MAX		16384	/* bytes in one cell */
#define IMPORT_FILE_MAX		(256L * 1024 * 1024)	/* bytes slatectl reads */
/* Bytes of a request that sends a file to the import page (the file and the form around it). */
#define IMPORT_UPLOAD_MAX	(16UL * 1024 * 1024)
#define IMPORT_ISSUE_TEXT	240

/* import_run: the store's data changed between the check and the writing. */
#define IMPORT_ERR_CHANGED	(-30)

/* A problem (the row is refused) or a warning (it is not) about one line. */
struct import_issue {
	long		 line;		/* where the row starts; the header is 1 */
	const char	*column;	/* the column it is about, or NULL */
	int		 warning;
	char		 message[IMPORT_ISSUE_TEXT];
};

struct import_options {
	int64_t			 store_id;
	const struct currency	*currency;	/* the store's */
	struct sdate		 today;		/* in the store's time zone */
	int			 dry_run;	/* check only, change nothing */
	/*
	 * The file's customer codes and account numbers are another
	 * store's (an export from there): rows with the same
	 * customer_code make one new customer, account numbers are
	 * ignored, and Slate assigns its own.
	 */
	int			 new_codes;
	const struct audit_actor *actor;	/* who imports, for the audit log */
	int64_t			 staff_id;	/* on the opening entries; 0: none */
	int64_t			 approver_id;	/* 0: no manager approved */
	/* Told of every problem and warning; may be NULL. */
	void			(*issue)(void *ctx, const struct import_issue *);
	/* Told every 1000 rows, checking (writing 0) then writing (1); may be NULL. */
	void			(*progress)(void *ctx, long rows, int writing);
	void			*ctx;
};

/* What a run found and did (or, on a dry run, would do). */
struct import_result {
	long	 rows;		/* data rows read (blank lines not counted) */
	long	 good;		/* rows without a problem */
	long	 bad_lines;	/* lines refused, the header included */
	long	 warnings;
	long	 customers;	/* customers created */
	long	 accounts;	/* accounts created */
	long	 skipped;	/* rows already present in the store */
};

/*
 * Imports the CSV text (len bytes; see docs/import.md for the format)
 * into store o->store_id. First checks every row, telling o->issue of
 * every problem with its line number; a file with any problem changes
 * nothing. Unless o->dry_run, then creates every customer and account
 * in ONE transaction, each with its audit entry ("customer.create",
 * "account.create" by o->actor) and the opening balance posted to the
 * ledger. Returns 0 when the file is good (and imported unless a dry
 * run), 1 when lines were refused (nothing changed), IMPORT_ERR_CHANGED
 * when the store's data changed under the import (nothing changed; run
 * it again), or another negative value on a database failure.
 */
int	import_run(struct db *db, const char *text, size_t len,
	    const struct import_options *o, struct import_result *res);

/*
 * Writes every customer of store_id with each of their accounts into
 * out as CSV in the import format: one row per account, one row with
 * empty account fields for a customer without accounts; money as plain
 * decimals of currency c, the balance as opening_balance; cells
 * guarded against spreadsheet formulas. Returns 0 or a negative enum
 * db_result (-1 when memory runs out).
 */
int	import_export(struct db *db, int64_t store_id,
	    const struct currency *c, struct buf *out);

/*
 * Reads the file at path (at most IMPORT_FILE_MAX bytes) into out.
 * Returns 0, or -1 with the reason in *why.
 */
int	import_load_file(const char *path, struct buf *out, const char **why);

#endif
