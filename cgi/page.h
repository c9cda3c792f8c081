/* page.h: small things many page handlers share: page data by formatted name, money, the store's currency, page bounds, links, the account named in the URL. */
#ifndef SLATE_PAGE_H
#define SLATE_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"

struct account;
struct buf;
struct currency;
struct req;

/* The message of every 404: the same whether a thing is missing or another store's. */
#define PAGE_NOT_FOUND	"There is no such page."

/* Sets page data value at the name made from fmt. Returns 0 or -1. */
int	page_setf(struct req *r, const char *value, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Sets name to "1" when on (and nothing when off). Returns 0 or -1. */
int	page_flag(struct req *r, const char *name, int on);

/* Sets name to amount v in currency c ("€500.00"). Returns 0 or -1. */
int	page_money(struct req *r, const struct currency *c, int64_t v,
	    const char *name);

/*
 * The currency of the session's store, or NULL (logged) when Slate does
 * not know it, which a store made by Slate never has.
 */
const struct currency	*page_currency(const struct req *r);

/*
 * Reads a page bound or id from the query string: 1 to 18 digits, not
 * 0; empty is 0. Returns 0, or -1 when malformed (answer 400).
 */
int	page_id_parse(const char *s, int64_t *out);

/* Sets name to path, with "?" and query q when q is not empty. Returns 0 or -1. */
int	page_link(struct req *r, const char *name, const char *path,
	    const struct buf *q);

/*
 * Puts the Older link (the query q with before=last) when there is
 * more, and the First link when the page is not the first (before >
 * 0), as Pager.Older and Pager.First. Returns 0 or -1.
 */
int	page_pager(struct req *r, const char *path, const struct buf *q,
	    int more, int64_t last, int64_t before);

/* Room for the time of a page bound: "YYYY-MM-DD HH:MM:SS.ffffff". */
#define PAGE_BOUND_TEXT	32

/*
 * Reads the time of the page bound `before` (a row id of the session's
 * store, from a ?before= link) with statement s (arguments: the id, the
 * store; one column: the time as text) into bound, or the time after
 * every row when before is 0 (the first page). Returns 0, -2 when the
 * store has no such row (a stale or forged link), or -1.
 */
int	page_bound_read(struct req *r, enum stmt s, int64_t before,
	    char bound[PAGE_BOUND_TEXT]);

/*
 * Answers with the response body as a CSV attachment (200, text/csv)
 * named by fmt, such as "audit-%s.csv". Returns 0 or -1.
 */
int	page_csv(struct req *r, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * The answer to a lookup of what a URL names, given what db_get returned
 * for it (rc): -1 on failure; 0 after answering 404 when there was no
 * such row (in the session's store); 1 when it was found.
 */
int	page_found(struct req *r, int rc);

/*
 * Finds account number (as the URL or a filter has it) in the session's
 * store into *a. Returns 1; 0 after answering 404 (malformed, or no such
 * account in this store); or -1 on failure.
 */
int	page_account(struct req *r, const char *number, struct account *a);

#endif
