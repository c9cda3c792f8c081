/* perm.h: the permissions a user group grants, each at one of three levels. */
#ifndef SLATE_PERM_H
#define SLATE_PERM_H

/* Every action a user group may grant. Stored by key, never by number. */
enum perm {
	PERM_MANAGE_CUSTOMERS,
	PERM_ADD_ACCOUNT,
	PERM_EDIT_ACCOUNT,	/* limits, hold, pay later, status */
	PERM_DEPOSIT_WITHDRAW,
	PERM_PAY_WITH_ACCOUNT,	/* used by lanes */
	PERM_MAKE_SETTLEMENTS,
	PERM_ADJUST_ENTRIES,	/* adjustments and reversals */
	PERM_SEND_STATEMENTS,
	PERM_MANAGE_LANES,
	PERM_MANAGE_STAFF,
	PERM_MANAGE_GROUPS,
	PERM_MANAGE_STORE,
	PERM_VIEW_AUDIT,
	PERM_VIEW_REPORTS,
	PERM__MAX
};

/* A route that needs a session but no particular permission. */
#define PERM_ANY	PERM__MAX

enum level {
	LEVEL_NONE = 0,		/* no access */
	LEVEL_ALLOWED = 1,	/* without a manager code */
	LEVEL_MANAGER_CODE = 2	/* a manager's code must approve it */
};

struct perm_info {
	const char	*key;		/* as stored: "deposit_withdraw" */
	const char	*label;		/* as people read it */
	enum level	 seed[3];	/* Administrator, Manager, Clerk */
	int		 view_only;	/* only shows: never asks for a code */
};

/* The permissions in the order the matrix shows them. */
extern const struct perm_info	perm_table[PERM__MAX];

/* Returns the permission with key, or PERM__MAX when there is none. */
enum perm	perm_by_key(const char *key);

/* Returns the level named "none", "allowed" or "manager_code", or -1. */
int		level_by_key(const char *key);

/* Returns the key of a level ("none", "allowed", "manager_code"). */
const char	*level_key(enum level l);

/* Returns a level as people read it ("Manager code required"). */
const char	*level_label(enum level l);

#endif
