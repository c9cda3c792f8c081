/* approval.c: a manager's code approving an action that the acting staff member's group only allows with one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "approval.h"
#include "db.h"
#include "password.h"
#include "text.h"
#include "throttle.h"
#include "view.h"

#define WRONG_CODE	"The manager or the code is not right."

const char *
manager_code_problem(const char *code)
{
	size_t	 n = strlen(code);

	if (n < MANAGER_CODE_MIN || n > MANAGER_CODE_MAX ||
	    strspn(code, "0123456789") != n)
		return "A manager code is 4 to 8 digits.";
	return NULL;
}

struct approval_try {
	int64_t		 manager_id;
	int64_t		 store_id;
	const char	*perm_key;
	const char	*code;
	const char	*addr;
	char		 name[TEXT_BYTES(200)];
	long		 wait;
	int		 ok;
};

/* Checks one code under the throttle rows' locks. */
static int
approval_check(struct db *db, void *arg)
{
	struct approval_try	*a = arg;
	struct throttle		 t;
	char			 account[40], addr[80], hash[PASSWORD_HASH_MAX];
	int			 rc, found, rehash;

	a->ok = 0;
	snprintf(account, sizeof(account), "manager:%lld",
	    (long long)a->manager_id);
	snprintf(addr, sizeof(addr), "codeaddr:%s", a->addr);
	if ((rc = throttle_check(db, account, addr, &t)) < 0)
		return rc;
	if ((a->wait = t.wait) > 0)
		return 0;
	found = db_get(db, STMT_MANAGER_GET, DB_ARGS(DB_INT(a->manager_id),
	    DB_INT(a->store_id), DB_STR(a->perm_key)),
	    DB_COLS(COL_STR(a->name), COL_STR(hash)));
	if (found < 0)
		return found;
	if (found)
		a->ok = password_verify(a->code, hash, PASSWORD_ITERATIONS,
		    &rehash);
	else
		password_burn(a->code, PASSWORD_ITERATIONS);
	return a->ok ? throttle_clear(db, &t) : throttle_fail(db, &t);
}

static void
approval_fail(struct req *r, const char *why)
{
	snprintf(r->approval.error, sizeof(r->approval.error), "%s", why);
}

int
approval_verify(struct req *r, enum perm p)
{
	struct approval_try	 a;
	const char		*id = req_form(r, "manager_id");
	char			*end;

	memset(&a, 0, sizeof(a));
	r->approval.error[0] = '\0';
	a.manager_id = strtoll(id, &end, 10);
	if (*id == '\0' || *end != '\0' || a.manager_id <= 0) {
		approval_fail(r, "Choose the manager who approves this.");
		return 0;
	}
	a.code = req_form(r, "manager_code");
	if (*a.code == '\0') {
		approval_fail(r, "Enter the manager's code.");
		return 0;
	}
	if (manager_code_problem(a.code) != NULL) {
		approval_fail(r, WRONG_CODE);
		return 0;
	}
	a.store_id = r->session.store_id;
	a.perm_key = perm_table[p].key;
	a.addr = r->client_addr;
	if (db_transaction(r->db, approval_check, &a) < 0)
		return -1;
	if (a.wait > 0) {
		snprintf(r->approval.error, sizeof(r->approval.error),
		    "Too many wrong codes. Wait %ld seconds, then try again.",
		    a.wait);
		return 0;
	}
	if (!a.ok) {
		approval_fail(r, WRONG_CODE);
		return 0;
	}
	r->approval.approver_id = a.manager_id;
	snprintf(r->approval.approver_name, sizeof(r->approval.approver_name),
	    "%s", a.name);
	return 0;
}

int
approval_view(struct req *r, enum perm p)
{
	char		 name[64], sid[24], staff[TEXT_BYTES(200)];
	int64_t		 id;
	struct db_col	 cols[] = { COL_INT(&id), COL_STR(staff) };
	size_t		 n = 0;
	int		 rc;

	if (!r->approval.needed)
		return 0;
	if (view_set(r, "Approval.Needed", "1") == -1 ||
	    view_set(r, "Approval.Chosen", req_form(r, "manager_id")) == -1 ||
	    (r->approval.error[0] != '\0' &&
	    view_set(r, "Approval.Error", r->approval.error) == -1))
		return -1;
	if (db_query(r->db, STMT_MANAGER_LIST, DB_ARGS(
	    DB_INT(r->session.store_id), DB_STR(perm_table[p].key)),
	    cols, 2) != DB_OK)
		return -1;
	while ((rc = db_fetch(r->db)) == 1) {
		snprintf(sid, sizeof(sid), "%lld", (long long)id);
		snprintf(name, sizeof(name), "Approval.Managers.%zu.Id", n);
		if (view_set(r, name, sid) == -1)
			break;
		snprintf(name, sizeof(name), "Approval.Managers.%zu.Name", n);
		if (view_set(r, name, staff) == -1)
			break;
		n++;
	}
	db_done(r->db);
	return rc == 0 ? 0 : -1;
}

int
approval_failed(const struct req *r)
{
	return r->approval.needed && r->approval.error[0] != '\0';
}
