/* routes.c: the whole site at a glance: method, path, handler, who may use it. */
#include "handlers.h"
#include "routes.h"

const struct route routes[] = {
	{ METHOD_GET,  "/",			handle_home,		ACCESS_PUBLIC, PERM_ANY },
	{ METHOD_GET,  "/login",		handle_login_form,	ACCESS_PUBLIC, PERM_ANY },
	{ METHOD_POST, "/login",		handle_login,		ACCESS_PUBLIC, PERM_ANY },
	{ METHOD_POST, "/logout",		handle_logout,		ACCESS_PASSWORD_CHANGE, PERM_ANY },
	{ METHOD_GET,  "/dashboard",		handle_dashboard,	ACCESS_SIGNED_IN, PERM_ANY },
	{ METHOD_GET,  "/profile/password",	handle_password_form,	ACCESS_PASSWORD_CHANGE, PERM_ANY },
	{ METHOD_POST, "/profile/password",	handle_password_change,	ACCESS_PASSWORD_CHANGE, PERM_ANY },
	{ METHOD_GET,  "/customers",		handle_section,		ACCESS_SIGNED_IN, PERM_MANAGE_CUSTOMERS },
	{ METHOD_GET,  "/accounts",		handle_section,		ACCESS_SIGNED_IN, PERM_ANY },
	{ METHOD_GET,  "/settlements",		handle_section,		ACCESS_SIGNED_IN, PERM_MAKE_SETTLEMENTS },
	{ METHOD_GET,  "/statements",		handle_section,		ACCESS_SIGNED_IN, PERM_SEND_STATEMENTS },
	{ METHOD_GET,  "/lanes",		handle_section,		ACCESS_SIGNED_IN, PERM_MANAGE_LANES },
	{ METHOD_GET,  "/staff",		handle_section,		ACCESS_SIGNED_IN, PERM_MANAGE_STAFF },
	{ METHOD_GET,  "/settings",		handle_section,		ACCESS_SIGNED_IN, PERM_MANAGE_STORE },
};

const size_t routes_count = sizeof(routes) / sizeof(routes[0]);
