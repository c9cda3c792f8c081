/* import.c: customers with their accounts from a CSV file, and the export that imports back. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "account.h"
#include "audit.h"
#include "buf.h"
#include "csv.h"
#include "customer.h"
#include "db.h"
#include "import.h"
#include "mail.h"
#include "money.h"

#define CELLS_MAX		64	/* cells kept of a line; more are only counted */
#define PROGRESS_EVERY		1000
#define FOREIGN_CODE_MAX	64	/* characters of another store's customer code */

/* The columns of the format, in the order the export writes them. */
enum field {
	F_CUSTOMER_CODE,
	F_NAME,
	F_EMAIL,
	F_PHONE,
	F_NOTES,
	F_ACCOUNT_NUMBER,
	F_CREDIT_LIMIT,
	F_OPENING,
	F_PAY_LATER,
	F_RESTRICT_CREDIT,
	F_ON_HOLD,
	F_HOLD_REASON,
	F_FREQUENCY,
	F_FREQUENCY_START,
	F_STATEMENT_EMAIL,
	F_STATUS,
	F__MAX
};

static const char *const field_names[F__MAX] = {
	"customer_code", "name", "email", "phone", "notes", "account_number",
	"credit_limit", "opening_balance", "pay_later", "restrict_credit",
	"on_hold", "hold_reason", "frequency", "frequency_start",
	"statement_email", "status"
};

/* ------------------------------------------------------------ CSV */

/* Where the reader is in the text. */
struct csv_in {
	const char	*p, *end;
	long		 line;		/* the physical line p is on */
};

/* One record (a row of cells), possibly spanning lines. */
struct record {
	long		 line;		/* where it starts */
	size_t		 n;		/* cells read, kept or not */
	size_t		 off[CELLS_MAX];
	struct buf	 text;		/* the kept cells, each NUL-ended */
	const char	*problem;	/* why it cannot be read as it is */
	int		 broken;	/* the rest of the line was skipped */
};

/* Cell i of rec, or "" past the cells kept. */
static char *
record_cell(const struct record *rec, size_t i)
{
	static char	 empty[1];

	if (i >= rec->n || i >= CELLS_MAX || rec->text.data == NULL)
		return empty;
	return rec->text.data + rec->off[i];
}

/* True at a line end: LF, CR LF, or a CR that ends the text. */
static int
at_line_end(const struct csv_in *in)
{
	return *in->p == '\n' || (*in->p == '\r' &&
	    (in->p + 1 == in->end || in->p[1] == '\n'));
}

/* Steps over the line end at p. */
static void
skip_line_end(struct csv_in *in)
{
	if (*in->p == '\r')
		in->p++;
	if (in->p < in->end && *in->p == '\n')
		in->p++;
	in->line++;
}

/* Gives up on the rest of the physical line after a malformed cell. */
static void
record_break(struct csv_in *in, struct record *rec, const char *problem)
{
	rec->problem = problem;
	rec->broken = 1;
	while (in->p < in->end && !at_line_end(in))
		in->p++;
	if (in->p < in->end)
		skip_line_end(in);
}

/* Appends ch to the cell that started at start, within the limits. */
static int
cell_put(struct record *rec, size_t start, char ch)
{
	if (ch == '\0') {
		rec->problem = "This line holds a NUL character.";
		return 0;
	}
	if (rec->text.len - start >= IMPORT_CELL_MAX) {
		rec->problem = "A cell is longer than 16384 bytes.";
		return 0;
	}
	return buf_append(&rec->text, &ch, 1);
}

/* Reads a quoted cell, p on its opening quote. Returns 0 or -1. */
static int
cell_quoted(struct csv_in *in, struct record *rec, int keep, size_t start)
{
	for (in->p++; in->p < in->end; in->p++) {
		if (*in->p == '"' && in->p + 1 < in->end && in->p[1] == '"')
			in->p++;
		else if (*in->p == '"') {
			in->p++;
			if (in->p < in->end && *in->p != ',' && !at_line_end(in))
				record_break(in, rec, "Text follows the closing "
				    "quote of a cell.");
			return 0;
		} else if (*in->p == '\n')
			in->line++;
		if (keep && cell_put(rec, start, *in->p) == -1)
			return -1;
	}
	rec->problem = "A quoted cell is not closed: a quote is missing.";
	rec->broken = 1;
	return 0;
}

/* Reads a cell that is not quoted. Returns 0 or -1. */
static int
cell_plain(struct csv_in *in, struct record *rec, int keep, size_t start)
{
	for (; in->p < in->end && *in->p != ',' && !at_line_end(in); in->p++) {
		if (*in->p == '"' && rec->problem == NULL)
			rec->problem = "A quote inside a cell: put the whole "
			    "cell in quotes and write each quote in it twice.";
		if (keep && cell_put(rec, start, *in->p) == -1)
			return -1;
	}
	return 0;
}

/*
 * Reads the next record (RFC 4180: quoted cells may hold commas, line
 * breaks and doubled quotes; lines end with LF or CR LF) into rec.
 * Returns 1, 0 at the end of the text, or -1 when memory runs out.
 */
static int
record_read(struct csv_in *in, struct record *rec)
{
	size_t	 start;
	int	 keep, rc;

	buf_reset(&rec->text);
	rec->n = 0;
	rec->problem = NULL;
	rec->broken = 0;
	rec->line = in->line;
	if (in->p >= in->end)
		return 0;
	for (;;) {
		keep = rec->n < CELLS_MAX;
		start = rec->text.len;
		if (keep)
			rec->off[rec->n] = start;
		rc = in->p < in->end && *in->p == '"' ?
		    cell_quoted(in, rec, keep, start) :
		    cell_plain(in, rec, keep, start);
		if (rc == -1 || (keep && buf_append(&rec->text, "", 1) == -1))
			return -1;
		rec->n++;
		if (rec->broken || in->p >= in->end)
			return 1;
		if (*in->p != ',')
			break;
		in->p++;
	}
	skip_line_end(in);
	return 1;
}

/* True when rec is an empty line. */
static int
record_blank(const struct record *rec)
{
	return rec->n == 1 && rec->problem == NULL &&
	    *record_cell(rec, 0) == '\0';
}

/* Takes off the apostrophe the export puts before = + - @ tab CR. */
static void
cell_unguard(char *s)
{
	if (s[0] == '\'' && s[1] != '\0' && strchr("=+-@\t\r", s[1]) != NULL)
		memmove(s, s + 1, strlen(s));
}

/* Takes off surrounding spaces and tabs, in place. */
static void
cell_trim(char *s)
{
	size_t	 lead = strspn(s, " \t"), n;

	if (lead > 0)
		memmove(s, s + lead, strlen(s + lead) + 1);
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

/* ------------------------------------------------------------ codes of another store */

/* A customer of the file, by the other store's code. */
struct code_entry {
	char		 code[TEXT_BYTES(FOREIGN_CODE_MAX)];
	long		 line;		/* where it first appears */
	uint64_t	 hash;		/* of its details there */
	int64_t		 id;		/* created here: its id and code */
	char		 slate_code[COUNTER_CODE_MAX];
};

struct code_map {
	struct code_entry	*e;
	size_t			 cap, n;
};

/* FNV-1a over len bytes, continuing from h. */
static uint64_t
fnv(uint64_t h, const char *s, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= UINT64_C(1099511628211);
	}
	return h;
}

/* The hash of a customer's details (name, email, phone, notes). */
static uint64_t
customer_hash(const struct customer *c)
{
	uint64_t	 h = UINT64_C(14695981039346656037);

	h = fnv(h, c->name, strlen(c->name) + 1);
	h = fnv(h, c->email, strlen(c->email) + 1);
	h = fnv(h, c->phone, strlen(c->phone) + 1);
	return fnv(h, c->notes, strlen(c->notes) + 1);
}

/* The slot of code in a table of cap slots (a power of two). */
static size_t
map_slot(const struct code_entry *e, size_t cap, const char *code)
{
	size_t	 i = (size_t)fnv(UINT64_C(14695981039346656037), code,
	    strlen(code)) & (cap - 1);

	while (e[i].code[0] != '\0' && strcmp(e[i].code, code) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Doubles the table. Returns 0 or -1. */
static int
map_grow(struct code_map *m)
{
	struct code_entry	*e;
	size_t			 cap = m->cap ? m->cap * 2 : 1024, i;

	if ((e = calloc(cap, sizeof(*e))) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++)
		if (m->e[i].code[0] != '\0')
			e[map_slot(e, cap, m->e[i].code)] = m->e[i];
	free(m->e);
	m->e = e;
	m->cap = cap;
	return 0;
}

/* Finds code, adding it (line 0) when it is new. Returns it, or NULL. */
static struct code_entry *
map_get(struct code_map *m, const char *code)
{
	struct code_entry	*e;

	if ((m->n + 1) * 2 > m->cap && map_grow(m) == -1)
		return NULL;
	e = &m->e[map_slot(m->e, m->cap, code)];
	if (e->code[0] == '\0') {
		snprintf(e->code, sizeof(e->code), "%s", code);
		m->n++;
	}
	return e;
}

/* Forgets the customers created, for another try of the transaction. */
static void
map_forget_ids(struct code_map *m)
{
	size_t	 i;

	for (i = 0; i < m->cap; i++) {
		m->e[i].id = 0;
		m->e[i].slate_code[0] = '\0';
	}
}

/* ------------------------------------------------------------ rows */

/* One row as read and checked. */
struct row {
	char			*v[F__MAX];	/* each column's cell, "" if absent */
	int			 has_account;	/* an account column is filled */
	int			 known;		/* the customer exists already */
	int			 skip;		/* already present in the store */
	struct code_entry	*entry;		/* another store's code */
	struct customer		 c;
	struct account		 a;
	int64_t			 opening;
};

struct import_state {
	struct db			*db;
	const struct import_options	*o;
	struct import_result		*res;
	const char			*text, *end;
	struct record			 rec;
	int				 cols[CELLS_MAX];	/* field of each cell */
	size_t				 ncols;
	int				 have[F__MAX];	/* cell of each field, or -1 */
	struct code_map			 map;
	struct row			 row;
	int				 writing;
	int				 problems;	/* of the row in hand */
};

/* Tells of a problem (or a warning) about the line in hand. */
static void
report(struct import_state *st, enum field f, int warning, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
report(struct import_state *st, enum field f, int warning, const char *fmt,
    ...)
{
	struct import_issue	 i;
	va_list			 ap;

	memset(&i, 0, sizeof(i));
	i.line = st->rec.line;
	i.column = f < F__MAX ? field_names[f] : NULL;
	i.warning = warning;
	va_start(ap, fmt);
	vsnprintf(i.message, sizeof(i.message), fmt, ap);
	va_end(ap);
	if (warning)
		st->res->warnings++;
	else
		st->problems++;
	if (st->o->issue != NULL)
		st->o->issue(st->o->ctx, &i);
}

/* Reports message about field f when it is not NULL. */
static void
check(struct import_state *st, enum field f, const char *message)
{
	if (message != NULL)
		report(st, f, 0, "%s", message);
}

/* Reads the header: known column names, each once. Returns 1 when good, 0, or -1. */
static int
header_read(struct import_state *st)
{
	size_t	 i;
	int	 f;
	char	*name;

	for (f = 0; f < F__MAX; f++)
		st->have[f] = -1;
	if (st->rec.problem != NULL) {
		report(st, F__MAX, 0, "%s", st->rec.problem);
		return 0;
	}
	if (st->rec.n > CELLS_MAX) {
		report(st, F__MAX, 0, "The header has %zu columns; the format "
		    "has %d.", st->rec.n, F__MAX);
		return 0;
	}
	st->ncols = st->rec.n;
	for (i = 0; i < st->ncols; i++) {
		name = record_cell(&st->rec, i);
		cell_trim(name);
		text_lower_ascii(name);
		for (f = 0; f < F__MAX && strcmp(field_names[f], name) != 0; f++)
			;
		if (f == F__MAX)
			report(st, F__MAX, 0, "Unknown column \"%.64s\": the "
			    "columns are customer_code, name, email, phone, "
			    "notes, account_number, credit_limit, "
			    "opening_balance, pay_later, restrict_credit, on_hold, "
			    "hold_reason, frequency, frequency_start, "
			    "statement_email and status.", name);
		else if (st->have[f] != -1)
			report(st, (enum field)f, 0, "This column appears "
			    "twice.");
		else
			st->have[f] = (int)i;
		st->cols[i] = f;
	}
	if (st->problems == 0 && st->have[F_NAME] == -1 &&
	    st->have[F_CUSTOMER_CODE] == -1)
		report(st, F__MAX, 0, "The header needs a name column (or "
		    "customer_code, to add accounts to customers of the "
		    "store).");
	return st->problems == 0;
}

/* Puts the cells of the record into the row, unguarded and trimmed. */
static void
row_cells(struct import_state *st)
{
	struct row	*w = &st->row;
	static char	 empty[1];
	size_t		 i;
	int		 f;

	for (f = 0; f < F__MAX; f++)
		w->v[f] = empty;
	for (i = 0; i < st->ncols; i++) {
		w->v[st->cols[i]] = record_cell(&st->rec, i);
		cell_unguard(w->v[st->cols[i]]);
		cell_trim(w->v[st->cols[i]]);
	}
	for (f = F_ACCOUNT_NUMBER; f < F__MAX; f++)
		if (*w->v[f] != '\0')
			w->has_account = 1;
}

/* Reports the problems of a customer's details. */
static void
customer_problems(struct import_state *st, const struct customer_problems *p)
{
	check(st, F_NAME, p->name);
	check(st, F_EMAIL, p->email);
	check(st, F_PHONE, p->phone);
	check(st, F_NOTES, p->notes);
}

/* Reads the row's customer details into row.c. Returns 1 when good, else 0 (not reported). */
static int
customer_details(struct import_state *st, struct customer_problems *p)
{
	struct row	*w = &st->row;

	return customer_from_text(&w->c, w->v[F_NAME], w->v[F_EMAIL],
	    w->v[F_PHONE], w->v[F_NOTES], p);
}

/* Warns when the store has customers with the row's email or phone. */
static int
customer_warn_duplicates(struct import_state *st)
{
	struct customer_match	 m[3];
	int			 n, i;
	char			 who[3 * (COUNTER_CODE_MAX + 80)];
	size_t			 len = 0;

	if (st->writing)
		return 0;
	if ((n = customer_duplicates(st->db, st->o->store_id, 0,
	    st->row.c.email, st->row.c.phone, m, 3)) <= 0)
		return n;
	who[0] = '\0';
	for (i = 0; i < n && len < sizeof(who); i++)
		len += (size_t)snprintf(who + len, sizeof(who) - len, "%s%s %.60s",
		    i > 0 ? ", " : "", m[i].code, m[i].name);
	report(st, st->row.c.email[0] != '\0' ? F_EMAIL : F_PHONE, 1,
	    "The store already has a customer with this email or phone "
	    "(%s); the row adds another one.", who);
	return 0;
}

/* A row for a new customer: its details checked. Returns 0 or < 0. */
static int
customer_new(struct import_state *st)
{
	struct customer_problems	 p;

	if (!customer_details(st, &p)) {
		customer_problems(st, &p);
		return 0;
	}
	return customer_warn_duplicates(st);
}

/* A filled customer column must be the customer's own. */
static void
customer_same_column(struct import_state *st, enum field f,
    const char *given, const char *stored)
{
	if (*st->row.v[f] != '\0' && strcmp(given, stored) != 0)
		report(st, f, 0, "Customer %s has another %s in this store: "
		    "leave the cell empty or give the same.", st->row.c.code,
		    field_names[f]);
}

/* A row for a customer of the store: filled details must match it. */
static void
customer_matches(struct import_state *st)
{
	struct customer_problems	 p;
	struct customer			 t;
	const struct customer		*c = &st->row.c;

	(void)customer_from_text(&t, st->row.v[F_NAME], st->row.v[F_EMAIL],
	    st->row.v[F_PHONE], st->row.v[F_NOTES], &p);
	customer_same_column(st, F_NAME, t.name, c->name);
	customer_same_column(st, F_EMAIL, t.email, c->email);
	customer_same_column(st, F_PHONE, t.phone, c->phone);
	customer_same_column(st, F_NOTES, t.notes, c->notes);
}

/* A row naming a customer of the store by code. Returns 0 or < 0. */
static int
customer_known(struct import_state *st)
{
	struct row	*w = &st->row;
	int		 rc;

	if ((rc = customer_get(st->db, st->o->store_id, w->v[F_CUSTOMER_CODE],
	    &w->c)) <= 0) {
		if (rc == 0)
			report(st, F_CUSTOMER_CODE, 0, "No customer of this "
			    "store has this code. Codes are given by Slate: "
			    "leave it empty for a new customer, or import "
			    "with the codes of another store when the file "
			    "comes from there.");
		return rc;
	}
	w->known = 1;
	if (*w->v[F_ACCOUNT_NUMBER] != '\0') {
		if ((rc = account_get(st->db, st->o->store_id,
		    w->v[F_ACCOUNT_NUMBER], 0, &w->a)) < 0)
			return rc;
		if (rc == 1 && w->a.customer_id == w->c.id)
			w->skip = 1;
		else
			report(st, F_ACCOUNT_NUMBER, 0, "%.20s is not an "
			    "account of customer %s in this store. Account "
			    "numbers are given by Slate: leave this empty "
			    "for a new account.", w->v[F_ACCOUNT_NUMBER],
			    w->c.code);
		return 0;
	}
	if (!w->has_account)
		w->skip = 1;
	else
		customer_matches(st);
	return 0;
}

/* A row with another store's customer code. Returns 0 or < 0. */
static int
customer_from_file(struct import_state *st)
{
	struct customer_problems	 p;
	struct row			*w = &st->row;
	const char			*code = w->v[F_CUSTOMER_CODE], *bad;
	int				 good;

	if ((bad = text_problem(code, FOREIGN_CODE_MAX, 1)) != NULL) {
		check(st, F_CUSTOMER_CODE, bad);
		return 0;
	}
	good = customer_details(st, &p);
	if ((w->entry = map_get(&st->map, code)) == NULL)
		return DB_ERR;
	if (w->entry->line == 0) {
		w->entry->line = st->rec.line;
		w->entry->hash = customer_hash(&w->c);
	}
	if (w->entry->line == st->rec.line) {
		if (!good) {
			customer_problems(st, &p);
			return 0;
		}
		return customer_warn_duplicates(st);
	}
	w->known = 1;
	if (w->entry->hash != customer_hash(&w->c))
		report(st, F_CUSTOMER_CODE, 0, "Customer %.64s is on line %ld "
		    "with another name, email, phone or notes: give the same "
		    "details on every line of a customer.", code,
		    w->entry->line);
	return 0;
}

/* The customer part of a row. Returns 0 or < 0. */
static int
row_customer(struct import_state *st)
{
	struct row	*w = &st->row;

	if (st->o->new_codes && *w->v[F_CUSTOMER_CODE] != '\0')
		return customer_from_file(st);
	if (st->o->new_codes || *w->v[F_CUSTOMER_CODE] == '\0') {
		if (!st->o->new_codes && *w->v[F_ACCOUNT_NUMBER] != '\0')
			report(st, F_ACCOUNT_NUMBER, 0, "Account numbers are "
			    "given by Slate: leave this empty for a new "
			    "account.");
		return customer_new(st);
	}
	return customer_known(st);
}

/* Reads yes/no, 1/0, true/false (any case); empty is dflt. */
static const char *
flag_read(const char *s, int dflt, int *out)
{
	static const char *const yes[] = { "yes", "1", "true", "y" };
	static const char *const no[] = { "no", "0", "false", "n" };
	size_t	 i;

	*out = dflt;
	if (*s == '\0')
		return NULL;
	for (i = 0; i < 4; i++)
		if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
			*out = strcasecmp(s, yes[i]) == 0;
			return NULL;
		}
	return "Write yes or no (or 1 and 0, true and false).";
}

/* Copies one-line text s (at most max characters) into out. */
static const char *
text_read(const char *s, long max, char *out, size_t size)
{
	const char	*bad;

	out[0] = '\0';
	if ((bad = text_problem(s, max, 0)) != NULL)
		return bad;
	if (strlen(s) >= size)
		return "This is too long.";
	memcpy(out, s, strlen(s) + 1);
	return NULL;
}

/* Reads active or inactive (any case); empty is active. */
static const char *
status_read(const char *s, int *active)
{
	*active = 1;
	if (*s == '\0' || strcasecmp(s, "active") == 0)
		return NULL;
	if (strcasecmp(s, "inactive") != 0)
		return "Write active or inactive.";
	*active = 0;
	return NULL;
}

/* Reads the statement email: optional, lower-cased. */
static const char *
statement_email_read(const char *s, char *out, size_t size)
{
	const char	*bad;

	out[0] = '\0';
	if (*s == '\0')
		return NULL;
	if ((bad = mail_address_problem(s)) != NULL)
		return bad;
	if (strlen(s) >= size)
		return "This is too long.";
	memcpy(out, s, strlen(s) + 1);
	text_lower_ascii(out);
	return NULL;
}

/* The account part of a row: every field checked into row.a. */
static void
row_account(struct import_state *st)
{
	struct row		*w = &st->row;
	struct account		*a = &w->a;
	const struct currency	*c = st->o->currency;
	const char		*bad;

	memset(a, 0, sizeof(*a));
	bad = account_amount_read(w->v[F_CREDIT_LIMIT], c, 1, &a->credit_limit);
	if (bad == NULL && a->credit_limit < 0)
		bad = "A credit limit cannot be negative.";
	check(st, F_CREDIT_LIMIT, bad);
	check(st, F_OPENING, account_amount_read(w->v[F_OPENING], c, 1,
	    &w->opening));
	check(st, F_PAY_LATER, flag_read(w->v[F_PAY_LATER], 0, &a->pay_later));
	check(st, F_RESTRICT_CREDIT, flag_read(w->v[F_RESTRICT_CREDIT], 1,
	    &a->restrict_credit));
	check(st, F_ON_HOLD, flag_read(w->v[F_ON_HOLD], 0, &a->on_hold));
	bad = text_read(w->v[F_HOLD_REASON], ACCOUNT_HOLD_REASON_MAX,
	    a->hold_reason, sizeof(a->hold_reason));
	if (bad == NULL && a->on_hold && a->hold_reason[0] == '\0')
		bad = "Say why the account is on hold.";
	check(st, F_HOLD_REASON, bad);
	if (!a->on_hold)
		a->hold_reason[0] = '\0';
	bad = account_rule_read(w->v[F_FREQUENCY], a->frequency);
	check(st, F_FREQUENCY, bad);
	check(st, F_FREQUENCY_START, account_start_read(w->v[F_FREQUENCY_START],
	    a->frequency[0] != '\0' || bad != NULL, st->o->today,
	    a->frequency_start));
	check(st, F_STATEMENT_EMAIL, statement_email_read(
	    w->v[F_STATEMENT_EMAIL], a->statement_email,
	    sizeof(a->statement_email)));
	check(st, F_STATUS, status_read(w->v[F_STATUS], &a->active));
}

/* Reads and checks the record in hand as a row. Returns its problems, or < 0. */
static int
row_check(struct import_state *st)
{
	struct row	*w = &st->row;
	int		 rc;

	memset(w, 0, sizeof(*w));
	st->problems = 0;
	if (st->rec.problem != NULL) {
		report(st, F__MAX, 0, "%s", st->rec.problem);
		return st->problems;
	}
	if (st->rec.n != st->ncols) {
		report(st, F__MAX, 0, "This line has %zu cells; the header "
		    "has %zu.", st->rec.n, st->ncols);
		return st->problems;
	}
	row_cells(st);
	if ((rc = row_customer(st)) < 0)
		return rc;
	if (!w->skip && w->has_account)
		row_account(st);
	return st->problems;
}

/* Counts what a good row creates (or would). */
static void
row_count(struct import_state *st)
{
	if (st->row.skip) {
		st->res->skipped++;
		return;
	}
	if (!st->row.known)
		st->res->customers++;
	if (st->row.has_account)
		st->res->accounts++;
}

/* Writes one audit entry of a creation. Returns 0 or < 0. */
static int
import_audit(struct import_state *st, const char *action, const char *type,
    const char *id, json_t *after)
{
	int	 rc;

	if (after == NULL)
		return DB_ERR;
	rc = audit_write(st->db, st->o->actor, action, type, id, NULL, after);
	json_decref(after);
	return rc;
}

/* Creates what a good row holds, with the audit entries. Returns 0 or < 0. */
static int
row_write(struct import_state *st)
{
	struct row	*w = &st->row;
	int		 rc;

	if (w->skip)
		return 0;
	if (w->entry != NULL && w->known) {
		w->c.id = w->entry->id;
		memcpy(w->c.code, w->entry->slate_code, sizeof(w->c.code));
	} else if (!w->known) {
		if ((rc = customer_create(st->db, st->o->store_id,
		    &w->c)) < 0 ||
		    (rc = import_audit(st, "customer.create", "customer",
		    w->c.code, customer_json(&w->c))) < 0)
			return rc;
		if (w->entry != NULL) {
			w->entry->id = w->c.id;
			memcpy(w->entry->slate_code, w->c.code,
			    sizeof(w->c.code));
		}
	}
	if (!w->has_account)
		return 0;
	w->a.customer_id = w->c.id;
	memcpy(w->a.customer_code, w->c.code, sizeof(w->a.customer_code));
	if ((rc = account_create(st->db, st->o->store_id, &w->a, w->opening,
	    st->o->staff_id, st->o->approver_id)) < 0)
		return rc;
	return import_audit(st, "account.create", "account", w->a.number,
	    account_json(&w->a));
}

/* Starts reading the text: after a UTF-8 byte order mark, on line 1. */
static void
import_start(const struct import_state *st, struct csv_in *in)
{
	in->p = st->text;
	in->end = st->end;
	in->line = 1;
	if (in->end - in->p >= 3 && memcmp(in->p, "\xEF\xBB\xBF", 3) == 0)
		in->p += 3;
}

/*
 * Reads every row after the header: checking (st->writing 0), or
 * writing each (1), when a problem means the data changed since the
 * check. Returns 0 or < 0.
 */
static int
import_rows(struct import_state *st, struct csv_in *in)
{
	int	 rc;

	while ((rc = record_read(in, &st->rec)) == 1) {
		if (record_blank(&st->rec))
			continue;
		st->res->rows++;
		if ((rc = row_check(st)) < 0)
			return rc;
		if (rc > 0 && st->writing)
			return IMPORT_ERR_CHANGED;
		if (rc > 0)
			st->res->bad_lines++;
		else if (st->writing && (rc = row_write(st)) < 0)
			return rc;
		else {
			st->res->good++;
			row_count(st);
		}
		if (st->o->progress != NULL &&
		    st->res->rows % PROGRESS_EVERY == 0)
			st->o->progress(st->o->ctx, st->res->rows,
			    st->writing);
	}
	return rc == 0 ? 0 : DB_ERR;
}

/* The first pass: the header and every row checked. Returns 0 or < 0. */
static int
import_check(struct import_state *st)
{
	struct csv_in	 in;
	int		 rc;

	import_start(st, &in);
	if ((rc = record_read(&in, &st->rec)) == -1)
		return DB_ERR;
	if (rc == 0) {
		st->rec.line = 1;
		report(st, F__MAX, 0, "The file is empty: it needs a header "
		    "row naming the columns.");
		st->res->bad_lines++;
		return 0;
	}
	st->problems = 0;
	if (!header_read(st)) {
		st->res->bad_lines++;
		return 0;
	}
	return import_rows(st, &in);
}

/* The second pass, the whole of it in the caller's transaction. */
static int
import_tx(struct db *db, void *arg)
{
	struct import_state	*st = arg;
	struct csv_in		 in;

	(void)db;
	st->writing = 1;
	st->res->rows = st->res->good = 0;
	st->res->customers = st->res->accounts = 0;
	st->res->skipped = 0;
	map_forget_ids(&st->map);
	import_start(st, &in);
	if (record_read(&in, &st->rec) != 1)
		return DB_ERR;
	return import_rows(st, &in);
}

int
import_run(struct db *db, const char *text, size_t len,
    const struct import_options *o, struct import_result *res)
{
	struct import_state	*st;
	int			 rc;

	memset(res, 0, sizeof(*res));
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return DB_ERR;
	st->db = db;
	st->o = o;
	st->res = res;
	st->text = text;
	st->end = text + len;
	rc = import_check(st);
	if (rc == 0 && res->bad_lines > 0)
		rc = 1;
	else if (rc == 0 && !o->dry_run)
		rc = db_transaction(db, import_tx, st);
	buf_free(&st->rec.text);
	free(st->map.e);
	free(st);
	return rc;
}

/* ------------------------------------------------------------ export */

/* One row of the export's query. */
struct export_row {
	char		 code[COUNTER_CODE_MAX];
	char		 name[TEXT_BYTES(CUSTOMER_NAME_MAX)];
	char		 email[TEXT_BYTES(CUSTOMER_EMAIL_MAX)];
	char		 phone[TEXT_BYTES(CUSTOMER_PHONE_MAX)];
	char		 notes[TEXT_BYTES(CUSTOMER_NOTES_MAX)];
	int64_t		 has_account, active, limit, restrict_credit;
	int64_t		 pay_later, on_hold, balance;
	char		 number[COUNTER_CODE_MAX];
	char		 hold_reason[TEXT_BYTES(ACCOUNT_HOLD_REASON_MAX)];
	char		 frequency[TEXT_BYTES(SCHEDULE_RULE_MAX)];
	char		 start[SDATE_TEXT];
	char		 statement_email[TEXT_BYTES(ACCOUNT_EMAIL_MAX)];
};

/* Appends the header line of the format. */
static int
export_header(struct buf *b)
{
	int	 f;

	for (f = 0; f < F__MAX; f++)
		if (csv_cell(b, field_names[f], f == 0) == -1)
			return -1;
	return csv_end(b);
}

/* Appends the account cells of row e (all empty when it has none). */
static int
export_account(struct buf *b, const struct export_row *e,
    const struct currency *c)
{
	char	 limit[MONEY_TEXT_MAX], balance[MONEY_TEXT_MAX];
	int	 f;

	if (!e->has_account) {
		for (f = F_CREDIT_LIMIT; f < F__MAX; f++)
			if (buf_puts(b, ",") == -1)
				return -1;
		return 0;
	}
	money_plain(e->limit, c->exponent, limit);
	money_plain(e->balance, c->exponent, balance);
	return csv_number_cell(b, limit, 0) == -1 ||
	    csv_number_cell(b, balance, 0) == -1 ||
	    csv_cell(b, e->pay_later ? "yes" : "no", 0) == -1 ||
	    csv_cell(b, e->restrict_credit ? "yes" : "no", 0) == -1 ||
	    csv_cell(b, e->on_hold ? "yes" : "no", 0) == -1 ||
	    csv_cell(b, e->hold_reason, 0) == -1 ||
	    csv_cell(b, e->frequency, 0) == -1 ||
	    csv_cell(b, e->start, 0) == -1 ||
	    csv_cell(b, e->statement_email, 0) == -1 ||
	    csv_cell(b, e->active ? "active" : "inactive", 0) == -1 ? -1 : 0;
}

/* Appends row e as one CSV line. */
static int
export_line(struct buf *b, const struct export_row *e,
    const struct currency *c)
{
	return csv_cell(b, e->code, 1) == -1 || csv_cell(b, e->name, 0) == -1 ||
	    csv_cell(b, e->email, 0) == -1 || csv_cell(b, e->phone, 0) == -1 ||
	    csv_cell(b, e->notes, 0) == -1 ||
	    csv_cell(b, e->has_account ? e->number : "", 0) == -1 ||
	    export_account(b, e, c) == -1 || csv_end(b) == -1 ? -1 : 0;
}

/* Runs the export's query into e, appending a line per row. Returns 0 or < 0. */
static int
export_rows(struct db *db, int64_t store_id, const struct currency *c,
    struct export_row *e, struct buf *out)
{
	struct db_col	 cols[] = { COL_STR(e->code), COL_STR(e->name),
	    COL_STR(e->email), COL_STR(e->phone), COL_STR(e->notes),
	    COL_INT(&e->has_account), COL_STR(e->number),
	    COL_INT(&e->active), COL_INT(&e->limit),
	    COL_INT(&e->restrict_credit), COL_INT(&e->pay_later),
	    COL_INT(&e->on_hold), COL_STR(e->hold_reason),
	    COL_STR(e->frequency), COL_STR(e->start),
	    COL_STR(e->statement_email), COL_INT(&e->balance) };
	int		 rc, fetched = 0;

	if ((rc = db_query(db, STMT_IMPORT_EXPORT_ROWS, DB_ARGS(
	    DB_INT(store_id)), cols, sizeof(cols) / sizeof(cols[0]))) != DB_OK)
		return rc;
	while (rc == DB_OK && (fetched = db_fetch(db)) == 1)
		if (export_line(out, e, c) == -1)
			rc = DB_ERR;
	db_done(db);
	return rc != DB_OK ? rc : fetched;
}

int
import_export(struct db *db, int64_t store_id, const struct currency *c,
    struct buf *out)
{
	struct export_row	*e;
	int			 rc;

	if ((e = calloc(1, sizeof(*e))) == NULL)
		return DB_ERR;
	rc = export_header(out) == -1 ? DB_ERR :
	    export_rows(db, store_id, c, e, out);
	free(e);
	return rc;
}

int
import_load_file(const char *path, struct buf *out, const char **why)
{
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "rb")) == NULL) {
		*why = strerror(errno);
		return -1;
	}
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > (size_t)IMPORT_FILE_MAX) {
			*why = "the file is larger than 256 MiB";
			rc = -1;
		} else if (buf_append(out, chunk, n) == -1) {
			*why = "out of memory";
			rc = -1;
		}
	}
	if (rc == 0 && ferror(f)) {
		*why = "cannot read it";
		rc = -1;
	}
	fclose(f);
	return rc;
}
