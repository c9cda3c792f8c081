/* shop.h: stores of their own for the staff and approval tests, each with an Administrator signed in. */
#ifndef SLATE_ITEST_SHOP_H
#define SLATE_ITEST_SHOP_H

#include "client.h"

/* The password of every staff member these helpers add. */
#define SHOP_PASSWORD	"a staff pass phrase"

/* A store made for one test, with an Administrator signed in. */
struct shop {
	char		 code[17];
	long long	 id;
	char		*admin;		/* the Administrator's email */
	long long	 admin_id;
	struct client	 c;		/* signed in as the Administrator */
	char		*csrf;		/* the CSRF token of that session */
};

/* Picks this run's prefix of store codes; call in main before the tests fork. */
void		 shop_begin(void);

/*
 * Removes the stores this run made, with their groups and memberships;
 * call in main after itest_run (which removes their staff). Returns 0,
 * or -1 with a message on standard error.
 */
int		 shop_cleanup(void);

/* Makes a new store with slatectl; stores its code (17 bytes) and returns its id. */
long long	 shop_store_new(char code[17]);

/* Makes a store with an Administrator and signs them in. */
void		 shop_open(struct shop *s);
void		 shop_close(struct shop *s);

/* Adds staff member email (password SHOP_PASSWORD) to store code in group. */
void		 shop_staff_add(const char *code, const char *email,
		    const char *group);

/* The id of the staff member with email. */
long long	 shop_staff_id(const char *email);

/* The id of user group name of store. */
long long	 shop_group_id(long long store, const char *name);

/* A new client signed in as email; *csrf gets its token unless NULL. */
void		 shop_sign_in(struct client *c, const char *email,
		    const char *password, char **csrf);

/* POSTs form (then freed) to path; the response goes to *resp, or is freed when resp is NULL. */
long		 shop_post(struct client *c, const char *path, char *form,
		    struct response *resp);

/* GETs path; the response goes to *resp, or is freed when resp is NULL. */
long		 shop_get(struct client *c, const char *path,
		    struct response *resp);

/* Expects a 303 to where, and frees the response. */
void		 expect_see_other(struct response *resp, const char *where);

/* Expects a 422 page that says what, and frees the response. */
void		 expect_refused(struct response *resp, const char *what);

/* The number of audit entries of store written for staff (not slatectl). */
long long	 audit_all(long long store);

#endif
