/* giftcard.c: gift cards: codes with a check digit, lookup, issuing and loading a card inside a posting's transaction. */
#include <string.h>

#include <openssl/rand.h>
#include <jansson.h>

#include "audit.h"
#include "db.h"
#include "giftcard.h"
#include "money.h"

char
giftcard_check_digit(const char *s, size_t n)
{
	unsigned	 sum = 0, d;
	size_t		 i;

	/* From the right, every other digit is doubled, starting with the last one given. */
	for (i = 0; i < n; i++) {
		d = (unsigned)(s[n - 1 - i] - '0');
		if (i % 2 == 0) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

int
giftcard_code_valid(const char *s)
{
	return strlen(s) == GIFTCARD_CODE_LEN &&
	    strspn(s, "0123456789") == GIFTCARD_CODE_LEN &&
	    giftcard_check_digit(s, GIFTCARD_CODE_LEN - 1) ==
	    s[GIFTCARD_CODE_LEN - 1];
}

const char *
giftcard_code_read(const char *in, char out[GIFTCARD_CODE_LEN + 1])
{
	size_t	 n = 0;

	out[0] = '\0';
	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		if (*in < '0' || *in > '9')
			return "A gift card code has only digits (spaces and "
			    "dashes may be left in).";
		if (n == GIFTCARD_CODE_LEN)
			return "A gift card code has 16 digits; this has more.";
		out[n++] = *in;
	}
	out[n] = '\0';
	if (n == 0)
		return "Enter or scan the gift card's code.";
	if (n < GIFTCARD_CODE_LEN)
		return "A gift card code has 16 digits; this has fewer.";
	if (!giftcard_code_valid(out))
		return "That is not a gift card code: a digit is wrong or two "
		    "are swapped. Check it against the card.";
	return NULL;
}

int
giftcard_code_new(char out[GIFTCARD_CODE_LEN + 1])
{
	unsigned char	 raw[64];
	size_t		 n = 0, i;

	/* Bytes of 250 and above are dropped so that every digit is as likely. */
	while (n < GIFTCARD_CODE_LEN - 1) {
		if (RAND_bytes(raw, sizeof(raw)) != 1)
			return -1;
		for (i = 0; i < sizeof(raw) && n < GIFTCARD_CODE_LEN - 1; i++)
			if (raw[i] < 250)
				out[n++] = (char)('0' + raw[i] % 10);
	}
	out[n] = giftcard_check_digit(out, n);
	out[n + 1] = '\0';
	return 0;
}

void
giftcard_code_show(const char *code, char out[GIFTCARD_SHOWN_LEN])
{
	size_t	 i, n = 0;

	for (i = 0; code[i] != '\0'; i++) {
		if (n + 2 + (i > 0 && i % 4 == 0) > GIFTCARD_SHOWN_LEN)
			break;
		if (i > 0 && i % 4 == 0)
			out[n++] = ' ';
		out[n++] = code[i];
	}
	out[n] = '\0';
}

int
giftcard_get(struct db *db, int64_t store_id, const char *code, int lock,
    struct giftcard *g)
{
	int64_t	 active = 0;
	int	 rc;

	memset(g, 0, sizeof(*g));
	if (strlen(code) > GIFTCARD_CODE_LEN)
		return 0;
	rc = db_get(db, lock ? STMT_GIFT_CARD_GET_FOR_UPDATE :
	    STMT_GIFT_CARD_GET, DB_ARGS(DB_INT(store_id), DB_STR(code)),
	    DB_COLS(COL_INT(&g->id), COL_STR(g->code), COL_INT(&g->balance),
	    COL_INT(&active), COL_INT(&g->created)));
	g->active = active != 0;
	return rc;
}

/* Writes the card's entry of kind for m, its balance now g->balance. */
static int
entry_insert(struct db *db, const struct giftcard_move *m,
    const struct giftcard *g, const char *kind)
{
	return db_exec(db, STMT_GIFT_CARD_ENTRY_INSERT, DB_ARGS(
	    DB_INT(m->store_id), DB_INT(g->id), DB_STR(kind),
	    DB_INT(m->amount), DB_INT(g->balance),
	    m->ledger_entry_id > 0 ? DB_INT(m->ledger_entry_id) : DB_NULL,
	    m->staff_id > 0 ? DB_INT(m->staff_id) : DB_NULL, DB_STR("")),
	    NULL, NULL);
}

/* Writes the "gift_card.<kind>" audit entry of m: before (NULL for a new card) and after. */
static int
move_audit(struct db *db, const struct giftcard_move *m,
    const struct giftcard *g, const char *action, int64_t before_balance,
    int is_new)
{
	json_t	*before = NULL, *after;
	int	 rc;

	if (m->actor == NULL)
		return 0;
	if (!is_new && (before = json_pack("{s:I, s:b}", "balance",
	    (json_int_t)before_balance, "active", g->active)) == NULL)
		return DB_ERR;
	after = json_pack("{s:I, s:b, s:I, s:s, s:s}", "balance",
	    (json_int_t)g->balance, "active", g->active, "amount",
	    (json_int_t)m->amount, "entry", m->entry_number != NULL ?
	    m->entry_number : "", "account", m->account_number != NULL ?
	    m->account_number : "");
	rc = after == NULL ? DB_ERR : audit_write(db, m->actor, action,
	    "gift_card", g->code, before, after);
	json_decref(before);
	json_decref(after);
	return rc;
}

int
giftcard_issue(struct db *db, const struct giftcard_move *m,
    struct giftcard *out)
{
	struct giftcard	 g;
	int		 rc;

	if (!giftcard_code_valid(m->code) || m->amount <= 0 ||
	    m->amount > MONEY_MAX)
		return GIFTCARD_ERR_RANGE;
	memset(&g, 0, sizeof(g));
	memcpy(g.code, m->code, GIFTCARD_CODE_LEN + 1);
	g.balance = m->amount;
	g.active = 1;
	if ((rc = db_exec(db, STMT_GIFT_CARD_INSERT, DB_ARGS(
	    DB_INT(m->store_id), DB_STR(g.code), DB_INT(g.balance)), NULL,
	    &g.id)) < 0)
		return rc;
	if ((rc = entry_insert(db, m, &g, "issue")) < 0 ||
	    (rc = move_audit(db, m, &g, "gift_card.issue", 0, 1)) < 0)
		return rc;
	if (out != NULL)
		*out = g;
	return 0;
}

int
giftcard_load(struct db *db, const struct giftcard_move *m,
    struct giftcard *out)
{
	struct giftcard	 g;
	int64_t		 before;
	int		 rc;

	if ((rc = giftcard_get(db, m->store_id, m->code, 1, &g)) <= 0)
		return rc < 0 ? rc : GIFTCARD_ERR_NONE;
	if (!g.active)
		return GIFTCARD_ERR_INACTIVE;
	/* Both are within MONEY_MAX (2^53 - 1): the sum cannot overflow. */
	if (m->amount <= 0 || m->amount > MONEY_MAX ||
	    g.balance + m->amount > MONEY_MAX)
		return GIFTCARD_ERR_RANGE;
	before = g.balance;
	g.balance += m->amount;
	if ((rc = db_exec(db, STMT_GIFT_CARD_SET_BALANCE, DB_ARGS(
	    DB_INT(g.balance), DB_INT(g.id), DB_INT(m->store_id)), NULL,
	    NULL)) < 0 ||
	    (rc = entry_insert(db, m, &g, "load")) < 0 ||
	    (rc = move_audit(db, m, &g, "gift_card.load", before, 0)) < 0)
		return rc;
	if (out != NULL)
		*out = g;
	return 0;
}

int
giftcard_set_active(struct db *db, int64_t store_id, const char *code,
    int active, const struct audit_actor *actor)
{
	struct giftcard	 g;
	json_t		*before, *after;
	int		 rc;

	if ((rc = giftcard_get(db, store_id, code, 1, &g)) <= 0)
		return rc < 0 ? rc : GIFTCARD_ERR_NONE;
	if (g.active == (active != 0))
		return 0;
	if ((rc = db_exec(db, STMT_GIFT_CARD_SET_ACTIVE, DB_ARGS(
	    DB_INT(active != 0), DB_INT(g.id), DB_INT(store_id)), NULL,
	    NULL)) < 0)
		return rc;
	before = json_pack("{s:b}", "active", g.active);
	after = json_pack("{s:b}", "active", active != 0);
	rc = before == NULL || after == NULL ? DB_ERR : audit_write(db, actor,
	    active ? "gift_card.activate" : "gift_card.deactivate",
	    "gift_card", g.code, before, after);
	json_decref(before);
	json_decref(after);
	return rc < 0 ? rc : 1;
}

const char *
giftcard_err_message(int err)
{
	switch (err) {
	case GIFTCARD_ERR_NONE:
		return "There is no gift card with that code in this store.";
	case GIFTCARD_ERR_INACTIVE:
		return "That gift card is deactivated: it cannot take money.";
	case GIFTCARD_ERR_RANGE:
		return "That would put more on the card than it can hold.";
	default:
		return "Nothing was changed: something went wrong. Please try "
		    "again.";
	}
}
