/* import_pages.c: the import page (a CSV file or pasted text, check or import) and the customers export. */
#include <stdio.h>
#include <string.h>

#include "account.h"
#include "approval.h"
#include "audit.h"
#include "db.h"
#include "handlers.h"
#include "http.h"
#include "import.h"
#include "log.h"
#include "money.h"
#include "page.h"
#include "view.h"

#define ISSUES_SHOWN	200	/* problems and warnings listed on the page */

/* Gathers the issues of a run into the page data. */
struct issue_list {
	struct req	*r;
	size_t		 shown;
	long		 more;		/* issues past ISSUES_SHOWN */
	int		 failed;	/* memory ran out */
};

/* Puts value as Report.Issues.<n>.<what>. Returns 0 or -1. */
static int
issue_set(struct req *r, size_t n, const char *what, const char *value)
{
	char	 name[64];

	snprintf(name, sizeof(name), "Report.Issues.%zu.%s", n, what);
	return view_set(r, name, value);
}

/* import_run's issue callback: lists the first ISSUES_SHOWN. */
static void
issue_collect(void *ctx, const struct import_issue *i)
{
	struct issue_list	*l = ctx;
	char			 line[24];

	if (l->shown >= ISSUES_SHOWN) {
		l->more++;
		return;
	}
	snprintf(line, sizeof(line), "%ld", i->line);
	if (issue_set(l->r, l->shown, "Line", line) == -1 ||
	    issue_set(l->r, l->shown, "Column", i->column != NULL ?
	    i->column : "") == -1 ||
	    issue_set(l->r, l->shown, "Message", i->message) == -1 ||
	    (i->warning && issue_set(l->r, l->shown, "Warning", "1") == -1))
		l->failed = 1;
	l->shown++;
}

/* Renders the import page with status. Returns 0 or -1. */
static int
import_show(struct req *r, int status)
{
	if (view_set(r, "Page.Title", "Import customers") == -1 ||
	    view_set(r, "Page.Nav", "/customers") == -1 ||
	    approval_view(r, PERM_ADD_ACCOUNT) == -1)
		return -1;
	return view_render(r, status, "import.cs");
}

/* Copies query field name, when it is a whole number, to Done.<what>. */
static int
done_count(struct req *r, const char *name, const char *what)
{
	const char	*v = req_query(r, name);
	char		 field[32];

	if (*v == '\0' || strlen(v) > 18 || strspn(v, "0123456789") !=
	    strlen(v))
		return 0;
	snprintf(field, sizeof(field), "Done.%s", what);
	return view_set(r, field, v);
}

/*
 * GET /customers/import: the import page: a box to paste CSV into
 * (the format is in docs/import.md), "Check only" and "Import", and
 * after an import (?customers=N&accounts=M&skipped=K) what it created.
 * 200.
 */
int
handle_import_form(struct req *r)
{
	if (done_count(r, "customers", "Customers") == -1 ||
	    done_count(r, "accounts", "Accounts") == -1 ||
	    done_count(r, "skipped", "Skipped") == -1)
		return -1;
	return import_show(r, 200);
}

/* Puts a number as Report.<what>. Returns 0 or -1. */
static int
report_count(struct req *r, const char *what, long n)
{
	char	 name[48];

	snprintf(name, sizeof(name), "Report.%s", what);
	return view_set_int(r, name, n);
}

/* Puts the counts of a run into the page data. Returns 0 or -1. */
static int
report_view(struct req *r, const struct import_result *res,
    const struct issue_list *l)
{
	return view_set(r, "Report.Done", "1") == -1 ||
	    report_count(r, "Rows", res->rows) == -1 ||
	    report_count(r, "Good", res->good) == -1 ||
	    report_count(r, "Bad", res->bad_lines) == -1 ||
	    report_count(r, "Warnings", res->warnings) == -1 ||
	    report_count(r, "Customers", res->customers) == -1 ||
	    report_count(r, "Accounts", res->accounts) == -1 ||
	    report_count(r, "Skipped", res->skipped) == -1 ||
	    report_count(r, "More", l->more) == -1 ? -1 : 0;
}

/* Shows the form again with message beside the file and the text box. Returns 0 or -1. */
static int
import_refuse(struct req *r, const char *message)
{
	if (view_set(r, "Errors.csv", message) == -1)
		return -1;
	return import_show(r, 422);
}

/* Fills the options of a run for the signed-in staff member. Returns 0 or -1. */
static int
import_options_fill(struct req *r, struct import_options *o,
    struct audit_actor *actor, struct issue_list *l, int dry_run)
{
	memset(o, 0, sizeof(*o));
	if ((o->currency = currency_find(r->session.currency)) == NULL ||
	    account_today(r->session.timezone, &o->today) == -1) {
		log_error("import: the store's currency or time zone is "
		    "unknown");
		return -1;
	}
	audit_actor_staff(r, actor);
	o->store_id = r->session.store_id;
	o->dry_run = dry_run;
	o->new_codes = strcmp(req_form(r, "new_codes"), "1") == 0;
	o->actor = actor;
	o->staff_id = r->session.staff_id;
	o->approver_id = r->approval.approver_id;
	o->issue = issue_collect;
	o->ctx = l;
	memset(l, 0, sizeof(*l));
	l->r = r;
	return 0;
}

/* The page after a run: 303 after an import, else the report. */
static int
import_answer(struct req *r, int rc, int dry_run,
    const struct import_result *res, const struct issue_list *l)
{
	char	 where[128];

	if (rc == IMPORT_ERR_CHANGED)
		return import_refuse(r, "Customers or accounts changed "
		    "while importing, so nothing was imported. Check the file "
		    "and import it again.");
	if (rc < 0 || l->failed || report_view(r, res, l) == -1)
		return -1;
	if (rc == 0 && !dry_run) {
		snprintf(where, sizeof(where), "/customers/import?customers=%ld"
		    "&accounts=%ld&skipped=%ld", res->customers, res->accounts,
		    res->skipped);
		return http_redirect(r, where);
	}
	if (rc == 1 && view_set(r, "Errors.csv", "Some lines cannot be "
	    "imported: see the list above. Nothing was imported.") == -1)
		return -1;
	return import_show(r, rc == 1 ? 422 : 200);
}

/* The CSV of a run: the file sent, or the text pasted. */
struct import_text {
	const char	*data;
	size_t		 len;
};

/*
 * Reads the CSV to run from the form: the file (field "file") or the
 * pasted text (field "csv"), one of them. Returns 1 with it in *t, 0
 * after showing the form again with why not (422), or -1.
 */
static int
import_text_read(struct req *r, struct import_text *t)
{
	const struct upload	*file = req_upload(r, "file");
	const char		*csv = req_form(r, "csv");
	int			 pasted = csv[strspn(csv, " \t\r\n")] != '\0';

	/* A form sent without a file chosen has a file field with no name. */
	if (file != NULL && file->filename[0] == '\0' && file->len == 0)
		file = NULL;
	if (view_set(r, "Form.Csv", csv) == -1)
		return -1;
	if (file != NULL && pasted)
		return import_refuse(r, "Choose a file or paste the text, not "
		    "both.") == -1 ? -1 : 0;
	if (file != NULL) {
		if (view_set(r, "Form.FileName", file->filename) == -1)
			return -1;
		t->data = file->data;
		t->len = file->len;
		return 1;
	}
	if (!pasted)
		return import_refuse(r, "Paste the CSV text here, the header "
		    "row first, or choose a CSV file.") == -1 ? -1 : 0;
	t->data = csv;
	t->len = strlen(csv);
	return 1;
}

/*
 * POST /customers/import: file (a CSV file, multipart/form-data, up to
 * IMPORT_UPLOAD_MAX for the whole request) or csv (the pasted text, up
 * to the form's 64 KiB field limit), not both; new_codes ("1": the
 * codes in the file are another store's), action "check" (change
 * nothing, report every bad line and what an import would create) or
 * "import" (all or nothing, in one transaction, each customer and
 * account with its audit entry). 200 the report of a check; 303 to
 * /customers/import with the counts after an import; 422 the form
 * with the pasted text (a file must be chosen again) and the problems
 * by line (or the manager code), nothing saved. 400 for a malformed
 * upload and 413 for one over the limit come before the handler.
 */
int
handle_import(struct req *r)
{
	int			 dry_run = strcmp(req_form(r, "action"),
	    "import") != 0;
	struct import_text	 t;
	struct import_options	 o;
	struct import_result	 res;
	struct audit_actor	 actor;
	struct issue_list	 l;
	int			 rc;

	if (strcmp(req_form(r, "new_codes"), "1") == 0 &&
	    view_set(r, "Form.NewCodes", "1") == -1)
		return -1;
	if ((rc = import_text_read(r, &t)) != 1)
		return rc;
	if (!dry_run && approval_failed(r))
		return import_show(r, 422);
	if (import_options_fill(r, &o, &actor, &l, dry_run) == -1)
		return -1;
	rc = import_run(r->db, t.data, t.len, &o, &res);
	return import_answer(r, rc, dry_run, &res, &l);
}

/*
 * GET /customers.csv: every customer of the store with each of their
 * accounts, in the import format (docs/import.md), as an attachment
 * customers-<store>.csv; money as plain decimals, the balance as
 * opening_balance, cells guarded against spreadsheet formulas. 200.
 */
int
handle_customers_csv(struct req *r)
{
	const struct currency	*c = currency_find(r->session.currency);

	if (c == NULL)
		return -1;
	buf_reset(&r->resp.body);
	if (import_export(r->db, r->session.store_id, c, &r->resp.body) < 0)
		return -1;
	return page_csv(r, "customers-%s.csv", r->session.store_code);
}
