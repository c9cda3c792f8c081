/* giftcard.h: gift cards: codes with a check digit, lookup, issuing and loading a card inside a posting's transaction. */
#ifndef SLATE_GIFTCARD_H
#define SLATE_GIFTCARD_H

#include <stdint.h>

struct db;
struct audit_actor;

#define GIFTCARD_CODE_LEN	16	/* digits, the last a Luhn check digit */
#define GIFTCARD_SHOWN_LEN	(GIFTCARD_CODE_LEN + GIFTCARD_CODE_LEN / 4)

/* Why a card could not take money; below every enum db_result and LEDGER_ERR_*. */
#define GIFTCARD_ERR_NONE	(-40)	/* the store has no card with that code */
#define GIFTCARD_ERR_INACTIVE	(-41)	/* the card is deactivated */
#define GIFTCARD_ERR_RANGE	(-42)	/* its balance would be out of range */

/* A gift card as stored. */
struct giftcard {
	int64_t	 id;
	char	 code[GIFTCARD_CODE_LEN + 1];
	int64_t	 balance;	/* = the sum of its entries */
	int	 active;
	int64_t	 created;	/* seconds since the epoch, UTC */
};

/* Money put on a card by a ledger entry. */
struct giftcard_move {
	int64_t			 store_id;
	const char		*code;		/* normalised */
	int64_t			 amount;	/* > 0 */
	int64_t			 ledger_entry_id;
	const char		*entry_number;	/* for the audit entry */
	const char		*account_number;
	int64_t			 staff_id;	/* 0: none */
	const struct audit_actor *actor;	/* writes "gift_card.*" */
};

/* The Luhn check digit ('0'..'9') of the n digits at s. */
char	giftcard_check_digit(const char *s, size_t n);

/* True when s is GIFTCARD_CODE_LEN digits whose last is their check digit. */
int	giftcard_code_valid(const char *s);

/*
 * Reads a code as typed or scanned: spaces and dashes are dropped, the
 * rest must be GIFTCARD_CODE_LEN digits with a right check digit. The
 * code goes to out. Returns NULL, or a message for people.
 */
const char	*giftcard_code_read(const char *in,
		    char out[GIFTCARD_CODE_LEN + 1]);

/*
 * Makes a new random code (RAND_bytes) with its check digit into out.
 * Returns 0, or -1 when no randomness was had.
 */
int	giftcard_code_new(char out[GIFTCARD_CODE_LEN + 1]);

/* Writes code in groups of four ("1234 5678 9012 3452") into out. */
void	giftcard_code_show(const char *code, char out[GIFTCARD_SHOWN_LEN]);

/*
 * Finds the card with code in store_id into *g; with lock (inside a
 * transaction) the row stays locked until it ends. Returns 1, 0 when
 * there is none, or a negative enum db_result.
 */
int	giftcard_get(struct db *db, int64_t store_id, const char *code,
	    int lock, struct giftcard *g);

/*
 * Inside the caller's transaction, after the ledger entry m names was
 * posted (the account is locked first, then the card): issues a new
 * card with code m->code and m->amount on it, its 'issue' entry and,
 * with m->actor, the "gift_card.issue" audit entry. Fills *out.
 * Returns 0, DB_ERR_DUP when the code is taken (make a new one and run
 * the transaction again), or another negative value.
 */
int	giftcard_issue(struct db *db, const struct giftcard_move *m,
	    struct giftcard *out);

/*
 * Inside the caller's transaction, after the ledger entry m names was
 * posted: locks the card m->code, and when it is active puts m->amount
 * on it with a 'load' entry and, with m->actor, the "gift_card.load"
 * audit entry. Fills *out. Returns 0, GIFTCARD_ERR_NONE,
 * GIFTCARD_ERR_INACTIVE, GIFTCARD_ERR_RANGE, or a negative enum
 * db_result.
 */
int	giftcard_load(struct db *db, const struct giftcard_move *m,
	    struct giftcard *out);

/*
 * Inside the caller's transaction: locks the card code and sets it
 * active or not, with a "gift_card.activate" or ".deactivate" audit
 * entry when that changes it. Returns 1 when it changed, 0 when it was
 * so already, GIFTCARD_ERR_NONE, or a negative enum db_result.
 */
int	giftcard_set_active(struct db *db, int64_t store_id, const char *code,
	    int active, const struct audit_actor *actor);

/* A message for people about a GIFTCARD_ERR_*. */
const char	*giftcard_err_message(int err);

#endif
