/* sections.c: the sections of the portal, for the navigation and the dashboard. */
#include "db.h"
#include "request.h"
#include "sections.h"

/* The store's exceptions nobody has acknowledged yet. */
static int
exceptions_waiting(struct db *db, int64_t store_id, int64_t *n)
{
	int	 rc;

	*n = 0;
	rc = db_get(db, STMT_EXCEPTION_OPEN_COUNT, DB_ARGS(DB_INT(store_id)),
	    DB_COLS(COL_INT(n)));
	return rc < 0 ? rc : 0;
}

/* The sections of the portal, as the navigation shows them. */
const struct section sections[] = {
	{ "/customers", "Customers",
	  "Add customers, find them by code, name, email or phone.",
	  PERM_MANAGE_CUSTOMERS, NULL },
	{ "/accounts", "Accounts",
	  "Client accounts: credit limits, holds, pay later and balances.",
	  PERM_ANY, NULL },
	{ "/settlements", "Settlements",
	  "Settle what customers owe, in whole or by chosen transactions.",
	  PERM_MAKE_SETTLEMENTS, NULL },
	{ "/gift-cards", "Gift cards",
	  "Gift cards: look one up by code, its balance and history.",
	  PERM_DEPOSIT_WITHDRAW, NULL },
	{ "/statements", "Statements",
	  "Statements on each account's settlement schedule.",
	  PERM_SEND_STATEMENTS, NULL },
	{ "/lanes", "Lanes",
	  "The POS lanes that keep accounts current through the sync API.",
	  PERM_MANAGE_LANES, NULL },
	{ "/exceptions", "Exceptions",
	  "Offline lane sales that broke a limit or met a hold: acknowledge them, lift holds.",
	  PERM_EDIT_ACCOUNT, exceptions_waiting },
	{ "/staff", "Staff",
	  "Who may sign in, and what each user group may do.",
	  PERM_MANAGE_STAFF, NULL },
	{ "/groups", "Groups",
	  "User groups and the permission level each one grants.",
	  PERM_MANAGE_GROUPS, NULL },
	{ "/reports/ageing", "Reports",
	  "Ageing: what customers owe by how long it is past due, as of any date.",
	  PERM_VIEW_REPORTS, NULL },
	{ "/audit", "Audit log",
	  "Who changed what, when, before and after.",
	  PERM_VIEW_AUDIT, NULL },
	{ "/settings", "Settings",
	  "The store's currency, time zone, bank account and payment methods.",
	  PERM_MANAGE_STORE, NULL },
};

const size_t sections_count = sizeof(sections) / sizeof(sections[0]);


int
section_visible(const struct section *s, const struct session *who)
{
	return s->perm == PERM_ANY || who->levels[s->perm] != LEVEL_NONE;
}
