/* perm.c: the permissions a user group grants, each at one of three levels. */
#include <string.h>

#include "perm.h"

#define A	LEVEL_ALLOWED
#define M	LEVEL_MANAGER_CODE
#define N	LEVEL_NONE

/* Seeds: Administrator, Manager, Clerk. */
const struct perm_info perm_table[PERM__MAX] = {
	[PERM_MANAGE_CUSTOMERS] = { "manage_customers",
	    "Manage customers", { A, A, A }, 0 },
	[PERM_ADD_ACCOUNT] = { "add_account",
	    "Add customer accounts", { A, A, A }, 0 },
	[PERM_EDIT_ACCOUNT] = { "edit_account",
	    "Edit account limits, hold, pay later and status", { A, A, M }, 0 },
	[PERM_DEPOSIT_WITHDRAW] = { "deposit_withdraw",
	    "Deposit to and withdraw from accounts", { A, A, M }, 0 },
	[PERM_PAY_WITH_ACCOUNT] = { "pay_with_account",
	    "Pay with customer account (lanes)", { A, A, A }, 0 },
	[PERM_MAKE_SETTLEMENTS] = { "make_settlements",
	    "Make settlements", { A, A, A }, 0 },
	[PERM_ADJUST_ENTRIES] = { "adjust_entries",
	    "Adjust and reverse account entries", { A, A, M }, 0 },
	[PERM_SEND_STATEMENTS] = { "send_statements",
	    "Send statements", { A, A, N }, 0 },
	[PERM_MANAGE_LANES] = { "manage_lanes",
	    "Manage lanes", { A, A, N }, 0 },
	[PERM_MANAGE_STAFF] = { "manage_staff",
	    "Manage staff", { A, N, N }, 0 },
	[PERM_MANAGE_GROUPS] = { "manage_groups",
	    "Manage user groups", { A, N, N }, 0 },
	[PERM_MANAGE_STORE] = { "manage_store",
	    "Manage store settings", { A, N, N }, 0 },
	[PERM_VIEW_AUDIT] = { "view_audit",
	    "View the audit log", { A, A, N }, 1 },
	[PERM_VIEW_REPORTS] = { "view_reports",
	    "View reports", { A, A, N }, 1 },
};

enum perm
perm_by_key(const char *key)
{
	int	 i;

	for (i = 0; i < PERM__MAX; i++)
		if (strcmp(perm_table[i].key, key) == 0)
			return (enum perm)i;
	return PERM__MAX;
}

static const char *const level_keys[] = { "none", "allowed", "manager_code" };
static const char *const level_labels[] = {
	"None", "Allowed", "Manager code required"
};

int
level_by_key(const char *key)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(level_keys[i], key) == 0)
			return i;
	return -1;
}

const char *
level_key(enum level l)
{
	return level_keys[l <= LEVEL_MANAGER_CODE ? l : LEVEL_NONE];
}

const char *
level_label(enum level l)
{
	return level_labels[l <= LEVEL_MANAGER_CODE ? l : LEVEL_NONE];
}
