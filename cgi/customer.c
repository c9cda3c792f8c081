/* customer.c: customers of a store: checking, creating, finding, searching. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "account.h"
#include "customer.h"
#include "db.h"
#include "mail.h"
#include "money.h"
#include "params.h"
#include "request.h"
#include "view.h"

#define MSG_TOO_LONG	"This is too long."
#define MSG_PHONE	"Enter a phone number: digits, spaces and + - ( ) . only."
#define MSG_NOTES	"Notes may hold line breaks, but no other control " \
	"characters."

/*
 * Copies s without surrounding spaces and tabs into out (size bytes).
 * Returns 0, or -1 (out left empty) when it does not fit.
 */
static int
copy_trimmed(char *out, size_t size, const char *s)
{
	size_t	 n;

	out[0] = '\0';
	if (s == NULL)
		return 0;
	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

/* Turns every CR LF of s into LF, in place. */
static void
crlf_to_lf(char *s)
{
	char	*w = s;

	for (; *s != '\0'; s++)
		if (!(s[0] == '\r' && s[1] == '\n'))
			*w++ = *s;
	*w = '\0';
}

/* Checks a phone number: digits, spaces and + - ( ) . with a digit. */
static const char *
phone_problem(const char *s)
{
	const char	*problem;

	if (*s == '\0')
		return NULL;
	if ((problem = text_problem(s, CUSTOMER_PHONE_MAX, 0)) != NULL)
		return problem;
	if (strspn(s, "0123456789 +-().") != strlen(s) ||
	    strpbrk(s, "0123456789") == NULL)
		return MSG_PHONE;
	return NULL;
}

/* Checks notes: like text_problem, with line breaks allowed. */
static const char *
notes_problem(const char *s)
{
	const unsigned char	*p;
	long			 len = utf8_length(s);

	if (len < 0)
		return "This is not valid text.";
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && *p != '\n' && *p != '\r') || *p == 0x7f)
			return MSG_NOTES;
	if (len > CUSTOMER_NOTES_MAX)
		return MSG_TOO_LONG;
	return NULL;
}

int
customer_check(const struct customer *c, struct customer_problems *p)
{
	if (p->name == NULL)
		p->name = text_problem(c->name, CUSTOMER_NAME_MAX, 1);
	if (p->email == NULL && c->email[0] != '\0')
		p->email = mail_address_problem(c->email);
	if (p->phone == NULL)
		p->phone = phone_problem(c->phone);
	if (p->notes == NULL)
		p->notes = notes_problem(c->notes);
	return p->name == NULL && p->email == NULL && p->phone == NULL &&
	    p->notes == NULL;
}

int
customer_from_text(struct customer *c, const char *name, const char *email,
    const char *phone, const char *notes, struct customer_problems *p)
{
	memset(p, 0, sizeof(*p));
	if (copy_trimmed(c->name, sizeof(c->name), name) == -1)
		p->name = MSG_TOO_LONG;
	if (copy_trimmed(c->email, sizeof(c->email), email) == -1)
		p->email = "Enter a valid email address.";
	if (copy_trimmed(c->phone, sizeof(c->phone), phone) == -1)
		p->phone = MSG_TOO_LONG;
	if (copy_trimmed(c->notes, sizeof(c->notes), notes) == -1)
		p->notes = MSG_TOO_LONG;
	text_lower_ascii(c->email);
	crlf_to_lf(c->notes);
	return customer_check(c, p);
}

int
customer_read(const struct params *form, const char *prefix,
    struct customer *c, struct customer_problems *p)
{
	static const char *const fields[] = { "name", "email", "phone",
	    "notes" };
	const char	*v[4];
	char		 field[PARAMS_MAX_NAME + 1];
	size_t		 i;

	for (i = 0; i < 4; i++) {
		snprintf(field, sizeof(field), "%s%s", prefix, fields[i]);
		v[i] = params_get(form, field);
	}
	return customer_from_text(c, v[0], v[1], v[2], v[3], p);
}

int
customer_same(const struct customer *a, const struct customer *b)
{
	return strcmp(a->name, b->name) == 0 &&
	    strcmp(a->email, b->email) == 0 &&
	    strcmp(a->phone, b->phone) == 0 &&
	    strcmp(a->notes, b->notes) == 0;
}

int
customer_create(struct db *db, int64_t store_id, struct customer *c)
{
	int	 rc;

	if ((rc = counter_next(db, store_id, COUNTER_CUSTOMER, c->code)) < 0)
		return rc;
	return db_exec(db, STMT_CUSTOMER_INSERT, DB_ARGS(DB_INT(store_id),
	    DB_STR(c->code), DB_STR(c->name), DB_STR(c->email),
	    DB_STR(c->phone), DB_STR(c->notes)), NULL, &c->id);
}

int
customer_update(struct db *db, int64_t store_id, const struct customer *c)
{
	return db_exec(db, STMT_CUSTOMER_UPDATE, DB_ARGS(DB_STR(c->name),
	    DB_STR(c->email), DB_STR(c->phone), DB_STR(c->notes),
	    DB_INT(c->id), DB_INT(store_id)), NULL, NULL);
}

/* Reads the one customer row statement s finds by store_id and key. */
static int
customer_fetch(struct db *db, enum stmt s, struct db_arg key,
    int64_t store_id, struct customer *c)
{
	memset(c, 0, sizeof(*c));
	return db_get(db, s, DB_ARGS(DB_INT(store_id), key),
	    DB_COLS(COL_INT(&c->id), COL_STR(c->code), COL_STR(c->name),
	    COL_STR(c->email), COL_STR(c->phone), COL_STR(c->notes)));
}

int
customer_get(struct db *db, int64_t store_id, const char *code,
    struct customer *c)
{
	return customer_fetch(db, STMT_CUSTOMER_GET_BY_CODE, DB_STR(code),
	    store_id, c);
}

int
customer_lock(struct db *db, int64_t store_id, const char *code,
    struct customer *c)
{
	return customer_fetch(db, STMT_CUSTOMER_GET_BY_CODE_FOR_UPDATE,
	    DB_STR(code), store_id, c);
}

int
customer_get_by_id(struct db *db, int64_t store_id, int64_t id,
    struct customer *c)
{
	return customer_fetch(db, STMT_CUSTOMER_GET_BY_ID, DB_INT(id),
	    store_id, c);
}

json_t *
customer_json(const struct customer *c)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "code", c->code,
	    "name", c->name, "email", c->email, "phone", c->phone,
	    "notes", c->notes);
}

/* Writes phone without spaces and dashes into out (same size as a phone). */
static void
phone_key(const char *phone, char out[TEXT_BYTES(CUSTOMER_PHONE_MAX)])
{
	size_t	 n = 0;

	for (; *phone != '\0' && n + 1 < TEXT_BYTES(CUSTOMER_PHONE_MAX);
	    phone++)
		if (*phone != ' ' && *phone != '-')
			out[n++] = *phone;
	out[n] = '\0';
}

int
customer_duplicates(struct db *db, int64_t store_id, int64_t except_id,
    const char *email, const char *phone, struct customer_match *out,
    size_t max)
{
	char		 key[TEXT_BYTES(CUSTOMER_PHONE_MAX)];
	char		 code[COUNTER_CODE_MAX], name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	struct db_col	 cols[] = { COL_STR(code), COL_STR(name) };
	size_t		 n = 0;
	int		 rc;

	phone_key(phone, key);
	if ((*email == '\0' && *key == '\0') || max == 0)
		return 0;
	if ((rc = db_query(db, STMT_CUSTOMER_DUPLICATES, DB_ARGS(
	    DB_INT(store_id), DB_INT(except_id), DB_STR(email), DB_STR(email),
	    DB_STR(key), DB_STR(key), DB_INT(max)), cols,
	    sizeof(cols) / sizeof(cols[0]))) != DB_OK)
		return rc;
	while ((rc = db_fetch(db)) == 1 && n < max) {
		memcpy(out[n].code, code, sizeof(code));
		memcpy(out[n].name, name, sizeof(name));
		n++;
	}
	db_done(db);
	return rc < 0 ? rc : (int)n;
}

int
customer_like_escape(const char *s, char *out, size_t size)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++) {
		if (strchr("%_!", *s) != NULL) {
			if (n + 1 >= size)
				return -1;
			out[n++] = '!';
		}
		if (n + 1 >= size)
			return -1;
		out[n++] = *s;
	}
	out[n] = '\0';
	return 0;
}

/* ------------------------------------------------------------ search */

/* Letters from the most to the least common in names. */
static const char name_letters[] = "eanirstlhoumcdgkbwfzpvjyxq";

/*
 * How few names hold the character that starts with byte c, as a guess:
 * a space least rare, then letters by name_letters, then letters of
 * other alphabets, then digits and signs.
 */
static int
name_char_rarity(unsigned char c)
{
	if (c == ' ')
		return 0;
	if (c >= 0x80)
		return (int)sizeof(name_letters);
	if (isalpha(c))
		return (int)(strchr(name_letters, tolower(c)) - name_letters);
	return 2 * (int)sizeof(name_letters);
}

/*
 * Copies into gram the three characters in a row of q (UTF-8) that the
 * fewest names hold, by name_char_rarity: a name holding q holds every
 * three characters of it, so the search reads only the names with
 * these (customer_name_grams). Leaves gram empty when q is shorter.
 */
static void
customer_search_gram(const char *q, char gram[CUSTOMER_SEARCH_GRAM])
{
	const unsigned char	*at[CUSTOMER_SEARCH_MAX + 1], *p;
	size_t			 n = 0, i, best = 0;
	int			 score, best_score = -1;

	gram[0] = '\0';
	/* at[i]: where character i starts; at[n]: where the last ends. */
	for (p = (const unsigned char *)q; *p != '\0'; p++) {
		if ((*p & 0xc0) == 0x80)
			continue;
		if (n == CUSTOMER_SEARCH_MAX)
			break;
		at[n++] = p;
	}
	at[n] = p;
	if (n < 3)
		return;
	for (i = 0; i + 3 <= n; i++) {
		score = name_char_rarity(*at[i]) + name_char_rarity(*at[i + 1]) +
		    name_char_rarity(*at[i + 2]);
		if (score > best_score) {
			best_score = score;
			best = i;
		}
	}
	memcpy(gram, at[best], (size_t)(at[best + 3] - at[best]));
	gram[at[best + 3] - at[best]] = '\0';
}

const char *
customer_search_set(struct customer_search *s, const char *q)
{
	const char	*problem;
	size_t		 n;

	memset(s, 0, sizeof(*s));
	q += strspn(q, " \t");
	n = strlen(q);
	while (n > 0 && (q[n - 1] == ' ' || q[n - 1] == '\t'))
		n--;
	if (n >= sizeof(s->q))
		return "This search is too long.";
	memcpy(s->q, q, n);
	if ((problem = text_problem(s->q, CUSTOMER_SEARCH_MAX, 0)) != NULL)
		return problem;
	if (customer_like_escape(s->q, s->pattern, sizeof(s->pattern)) == -1)
		return "This search is too long.";
	customer_search_gram(s->q, s->gram);
	return NULL;
}

int
customer_search_query(struct db *db, int64_t store_id,
    const struct customer_search *s, int64_t limit, struct db_col *cols,
    size_t ncols)
{
#define AFTER	DB_STR(s->after_name), DB_STR(s->after_name), DB_INT(s->after_id)
	return db_query(db, STMT_CUSTOMER_SEARCH, DB_ARGS(
	    DB_INT(store_id), AFTER, DB_STR(s->pattern), DB_INT(limit),
	    DB_INT(store_id), AFTER, DB_STR(s->pattern), DB_INT(limit),
	    DB_INT(store_id), DB_STR(s->q), DB_STR(s->q), AFTER,
	    DB_STR(s->pattern), DB_INT(limit),
	    DB_INT(store_id), DB_STR(s->gram), DB_STR(s->gram), AFTER,
	    DB_STR(s->pattern), DB_INT(limit),
	    DB_INT(store_id), DB_STR(s->q), AFTER, DB_STR(s->pattern),
	    DB_STR(s->pattern), DB_INT(limit),
	    DB_INT(limit)), cols, ncols);
#undef AFTER
}

/* ------------------------------------------------------------ page data */

/* Puts one account row as Accounts.<i>.*. Returns 0 or -1. */
static int
customer_account_row(struct req *r, size_t i, const char *number,
    int64_t active, int64_t balance, int64_t limit, const struct currency *c)
{
	char	 name[48], text[MONEY_TEXT_MAX + 16];

	snprintf(name, sizeof(name), "Accounts.%zu.Number", i);
	if (view_set(r, name, number) == -1)
		return -1;
	snprintf(name, sizeof(name), "Accounts.%zu.Status", i);
	if (view_set(r, name, active ? "Active" : "Inactive") == -1)
		return -1;
	account_balance_words(balance, c, text);
	snprintf(name, sizeof(name), "Accounts.%zu.Balance", i);
	if (view_set(r, name, text) == -1)
		return -1;
	money_format(limit, c, text);
	snprintf(name, sizeof(name), "Accounts.%zu.Limit", i);
	return view_set(r, name, text);
}

int
customer_accounts_view(struct req *r, int64_t customer_id)
{
	const struct currency	*c = currency_find(r->session.currency);
	char			 number[COUNTER_CODE_MAX];
	int64_t			 active, balance, limit;
	struct db_col		 cols[] = { COL_STR(number), COL_INT(&active),
	    COL_INT(&balance), COL_INT(&limit) };
	size_t			 n = 0;
	int			 rc;

	if (c == NULL)
		return -1;
	if (db_query(r->db, STMT_CUSTOMER_ACCOUNTS, DB_ARGS(
	    DB_INT(r->session.store_id), DB_INT(customer_id)), cols,
	    sizeof(cols) / sizeof(cols[0])) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1)
		if (customer_account_row(r, n++, number, active, balance,
		    limit, c) == -1) {
			rc = -1;
			break;
		}
	db_done(r->db);
	return rc == 0 ? 0 : -1;
}
