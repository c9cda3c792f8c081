/* sections.c: the sections of the portal, for the navigation and the dashboard. */
#include "sections.h"

/* The sections of the portal, as the navigation shows them. */
const struct section sections[] = {
	{ "/customers", "Customers",
	  "Add customers, find them by code, name, email or phone." },
	{ "/accounts", "Accounts",
	  "Client accounts: credit limits, holds, pay later and balances." },
	{ "/settlements", "Settlements",
	  "Settle what customers owe, in whole or by chosen transactions." },
	{ "/statements", "Statements",
	  "Statements on each account's settlement schedule." },
	{ "/lanes", "Lanes",
	  "The POS lanes that keep accounts current through the sync API." },
	{ "/staff", "Staff",
	  "Who may sign in, and what each user group may do." },
	{ "/settings", "Settings",
	  "The store's currency, time zone, bank account and payment methods." },
};

const size_t sections_count = sizeof(sections) / sizeof(sections[0]);

