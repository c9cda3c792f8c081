/* store.c: stores, the tenants: creation, lookup, settings, memberships, and their seeded user groups. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "counters.h"
#include "db.h"
#include "perm.h"
#include "store.h"

#define ZONEINFO	"/usr/share/zoneinfo/"

const char *const store_seed_groups[] = {
	"Administrator", "Manager", "Clerk", NULL
};

const char *
store_code_problem(const char *code)
{
	size_t	 i, n = strlen(code);

	if (n == 0 || n > 16)
		return "A store code has 1 to 16 characters.";
	for (i = 0; i < n; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') ||
		    (code[i] >= '0' && code[i] <= '9') ||
		    code[i] == '-' || code[i] == '_'))
			return "A store code uses only A-Z, 0-9, '-' and '_'.";
	return NULL;
}

const char *
timezone_problem(const char *tz)
{
	char		 path[PATH_MAX];
	struct stat	 st;
	size_t		 i, n = strlen(tz);

	if (n == 0 || n > 64 || tz[0] == '/' || strstr(tz, "..") != NULL)
		return "Enter a time zone such as Europe/Berlin.";
	for (i = 0; i < n; i++)
		if (!((tz[i] >= 'A' && tz[i] <= 'Z') ||
		    (tz[i] >= 'a' && tz[i] <= 'z') ||
		    (tz[i] >= '0' && tz[i] <= '9') ||
		    strchr("/_+-", tz[i]) != NULL))
			return "Enter a time zone such as Europe/Berlin.";
	snprintf(path, sizeof(path), ZONEINFO "%s", tz);
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return "That time zone is not known.";
	return NULL;
}

int
store_create(struct db *db, struct store *s)
{
	int64_t	 gid;
	size_t	 i;
	int	 rc, p;

	rc = db_exec(db, STMT_STORE_INSERT, DB_ARGS(DB_STR(s->code),
	    DB_STR(s->name), DB_STR(s->currency), DB_STR(s->timezone)),
	    NULL, &s->id);
	if (rc == DB_OK)
		rc = counters_create(db, s->id);
	for (i = 0; rc == DB_OK && store_seed_groups[i] != NULL; i++) {
		rc = db_exec(db, STMT_GROUP_INSERT, DB_ARGS(DB_INT(s->id),
		    DB_STR(store_seed_groups[i])), NULL, &gid);
		for (p = 0; rc == DB_OK && p < PERM__MAX; p++)
			rc = db_exec(db, STMT_GROUP_PERMISSION_PUT,
			    DB_ARGS(DB_INT(gid), DB_STR(perm_table[p].key),
			    DB_INT(perm_table[p].seed[i])), NULL, NULL);
	}
	return rc;
}

int
store_find_by_code(struct db *db, const char *code, struct store *s)
{
	memset(s, 0, sizeof(*s));
	return db_get(db, STMT_STORE_GET_BY_CODE, DB_ARGS(DB_STR(code)),
	    DB_COLS(COL_INT(&s->id), COL_STR(s->code), COL_STR(s->name),
	    COL_STR(s->currency), COL_STR(s->timezone)));
}

int
store_find_first(struct db *db, struct store *s)
{
	memset(s, 0, sizeof(*s));
	return db_get(db, STMT_STORE_GET_FIRST, DB_NOARGS,
	    DB_COLS(COL_INT(&s->id), COL_STR(s->code), COL_STR(s->name),
	    COL_STR(s->currency), COL_STR(s->timezone)));
}

int
store_count(struct db *db, int64_t *n)
{
	int	 rc;

	rc = db_get(db, STMT_STORE_COUNT, DB_NOARGS, DB_COLS(COL_INT(n)));
	return rc < 0 ? rc : 0;
}

int
store_group_find(struct db *db, int64_t store_id, const char *name,
    int64_t *id)
{
	return db_get(db, STMT_GROUP_GET_BY_NAME,
	    DB_ARGS(DB_INT(store_id), DB_STR(name)), DB_COLS(COL_INT(id)));
}

const struct pay_method_info pay_methods[PAY__MAX] = {
	[PAY_CASH] = { "pay_cash", "Cash" },
	[PAY_CARD] = { "pay_card", "Card" },
	[PAY_BANK_TRANSFER] = { "pay_bank_transfer", "Bank transfer" },
	[PAY_CHEQUE] = { "pay_cheque", "Cheque" },
	[PAY_EFT] = { "pay_eft", "EFT" },
	[PAY_CUSTOMER_ACCOUNT] = { "pay_customer_account",
	    "Customer account" },
};

static int
ascii_upper(int c)
{
	return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

static int
ascii_is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
ascii_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/*
 * Copies in without spaces, letters upper-cased, into out (cap bytes).
 * Returns -1 when it does not fit.
 */
static int
strip_upper(const char *in, char *out, size_t cap)
{
	size_t	 n = 0;

	for (; *in != '\0'; in++) {
		if (*in == ' ')
			continue;
		if (n + 1 >= cap) {
			out[0] = '\0';
			return -1;
		}
		out[n++] = (char)ascii_upper((unsigned char)*in);
	}
	out[n] = '\0';
	return 0;
}

/* The ISO 7064 mod-97 remainder of iban with its first four characters moved to the end. */
static unsigned
iban_remainder(const char *iban, size_t n)
{
	unsigned	 rem = 0;
	size_t		 i;
	int		 c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)iban[(i + 4) % n];
		if (ascii_is_digit(c))
			rem = (rem * 10 + (unsigned)(c - '0')) % 97;
		else
			rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
	}
	return rem;
}

const char *
iban_check(const char *in, char out[IBAN_MAX + 1])
{
	size_t	 i, n;

	if (strip_upper(in, out, IBAN_MAX + 1) == -1)
		return "An IBAN has at most 34 letters and digits.";
	if ((n = strlen(out)) == 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (!ascii_is_upper((unsigned char)out[i]) &&
		    !ascii_is_digit((unsigned char)out[i]))
			return "An IBAN has only letters and digits.";
	if (n < 15)
		return "An IBAN has at least 15 letters and digits.";
	if (!ascii_is_upper((unsigned char)out[0]) ||
	    !ascii_is_upper((unsigned char)out[1]) ||
	    !ascii_is_digit((unsigned char)out[2]) ||
	    !ascii_is_digit((unsigned char)out[3]))
		return "An IBAN starts with a country code and two check "
		    "digits, such as DE89.";
	if (iban_remainder(out, n) != 1)
		return "This IBAN is not valid: check it for typing mistakes.";
	return NULL;
}

const char *
bic_check(const char *in, char out[BIC_MAX + 1])
{
	size_t	 i, n;

	if (strip_upper(in, out, BIC_MAX + 1) == -1)
		return "A BIC has 8 or 11 letters and digits.";
	if ((n = strlen(out)) == 0)
		return NULL;
	if (n != 8 && n != 11)
		return "A BIC has 8 or 11 letters and digits.";
	for (i = 0; i < n; i++)
		if (!ascii_is_upper((unsigned char)out[i]) &&
		    !ascii_is_digit((unsigned char)out[i]))
			return "A BIC has only letters and digits.";
	return NULL;
}

int
store_settings_get(struct db *db, int64_t store_id, int lock,
    struct store_settings *out)
{
	int64_t	 pay[PAY__MAX], terms, days;
	int	 rc, i;

	memset(out, 0, sizeof(*out));
	rc = db_get(db, lock ? STMT_STORE_SETTINGS_LOCK : STMT_STORE_SETTINGS_GET,
	    DB_ARGS(DB_INT(store_id)), DB_COLS(COL_STR(out->code),
	    COL_STR(out->currency), COL_STR(out->name), COL_STR(out->timezone),
	    COL_STR(out->bank_holder), COL_STR(out->iban), COL_STR(out->bic),
	    COL_STR(out->bank_name), COL_INT(&pay[PAY_CASH]),
	    COL_INT(&pay[PAY_CARD]), COL_INT(&pay[PAY_BANK_TRANSFER]),
	    COL_INT(&pay[PAY_CHEQUE]), COL_INT(&pay[PAY_EFT]),
	    COL_INT(&pay[PAY_CUSTOMER_ACCOUNT]), COL_INT(&terms),
	    COL_INT(&days), COL_INT(&out->hold_amount)));
	for (i = 0; rc == 1 && i < PAY__MAX; i++)
		out->pay[i] = pay[i] != 0;
	if (rc == 1) {
		out->terms_days = (int)terms;
		out->hold_days = (long)days;
	}
	return rc;
}

int
store_settings_update(struct db *db, int64_t store_id,
    const struct store_settings *s)
{
	return db_exec(db, STMT_STORE_SETTINGS_UPDATE, DB_ARGS(
	    DB_STR(s->name), DB_STR(s->timezone), DB_STR(s->bank_holder),
	    DB_STR(s->iban), DB_STR(s->bic), DB_STR(s->bank_name),
	    DB_INT(s->pay[PAY_CASH] != 0), DB_INT(s->pay[PAY_CARD] != 0),
	    DB_INT(s->pay[PAY_BANK_TRANSFER] != 0),
	    DB_INT(s->pay[PAY_CHEQUE] != 0), DB_INT(s->pay[PAY_EFT] != 0),
	    DB_INT(s->pay[PAY_CUSTOMER_ACCOUNT] != 0), DB_INT(s->terms_days),
	    DB_INT(s->hold_days), DB_INT(s->hold_amount), DB_INT(store_id)),
	    NULL, NULL);
}

/* Adds key: value to o, taking the reference to value. Returns 0 or -1. */
static int
json_put(json_t *o, const char *key, json_t *value)
{
	return value == NULL ? -1 : json_object_set_new(o, key, value);
}

json_t *
store_settings_json(const struct store_settings *s)
{
	json_t	*o;
	int	 i, rc;

	if ((o = json_object()) == NULL)
		return NULL;
	rc = json_put(o, "name", json_string(s->name)) == -1 ||
	    json_put(o, "timezone", json_string(s->timezone)) == -1 ||
	    json_put(o, "bank_account_holder",
	    json_string(s->bank_holder)) == -1 ||
	    json_put(o, "bank_iban", json_string(s->iban)) == -1 ||
	    json_put(o, "bank_bic", json_string(s->bic)) == -1 ||
	    json_put(o, "bank_name", json_string(s->bank_name)) == -1 ||
	    json_put(o, "statement_terms_days",
	    json_integer(s->terms_days)) == -1 ||
	    json_put(o, "auto_hold_overdue_days",
	    json_integer(s->hold_days)) == -1 ||
	    json_put(o, "auto_hold_overdue_amount",
	    json_integer((json_int_t)s->hold_amount)) == -1;
	for (i = 0; !rc && i < PAY__MAX; i++)
		rc = json_put(o, pay_methods[i].key,
		    json_boolean(s->pay[i])) == -1;
	if (rc) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *
store_json(const struct store *s)
{
	json_t	*o;

	if ((o = json_object()) == NULL)
		return NULL;
	if (json_put(o, "code", json_string(s->code)) == -1 ||
	    json_put(o, "name", json_string(s->name)) == -1 ||
	    json_put(o, "currency", json_string(s->currency)) == -1 ||
	    json_put(o, "timezone", json_string(s->timezone)) == -1) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
store_each_membership(struct db *db, int64_t staff_id,
    int (*fn)(const struct store_membership *, void *), void *arg)
{
	struct store_membership	 m;
	int			 rc;

	memset(&m, 0, sizeof(m));
	rc = db_query(db, STMT_STORE_MEMBERSHIPS, DB_ARGS(DB_INT(staff_id)),
	    DB_COLS(COL_INT(&m.id), COL_STR(m.code), COL_STR(m.name),
	    COL_STR(m.currency), COL_STR(m.timezone), COL_STR(m.group)));
	if (rc != DB_OK)
		return rc;
	while ((rc = db_fetch(db)) == 1)
		if (fn(&m, arg) == -1) {
			rc = -1;
			break;
		}
	db_done(db);
	return rc < 0 ? rc : 0;
}

int
store_member_find(struct db *db, int64_t staff_id, const char *code,
    int64_t *store_id)
{
	return db_get(db, STMT_STORE_MEMBER_BY_CODE,
	    DB_ARGS(DB_INT(staff_id), DB_STR(code)), DB_COLS(COL_INT(store_id)));
}
