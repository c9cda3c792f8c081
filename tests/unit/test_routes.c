/* test_routes.c: route_lookup on a table of its own and on the site's. */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "routes.h"

static int	h_home(struct req *r) { return 0; }
static int	h_list(struct req *r) { return 0; }
static int	h_create(struct req *r) { return 0; }
static int	h_show(struct req *r) { return 0; }
static int	h_note(struct req *r) { return 0; }
static int	h_logout(struct req *r) { return 0; }
static int	h_deep(struct req *r) { return 0; }

static const struct route table[] = {
	{ METHOD_GET,  "/",			h_home,		ACCESS_PUBLIC, PERM_ANY },
	{ METHOD_GET,  "/customers",		h_list,		ACCESS_SIGNED_IN, PERM_ANY },
	{ METHOD_POST, "/customers",		h_create,	ACCESS_SIGNED_IN, PERM_ANY },
	{ METHOD_GET,  "/customers/*",		h_show,		ACCESS_SIGNED_IN, PERM_ANY },
	{ METHOD_POST, "/customers/*/notes/*",	h_note,		ACCESS_SIGNED_IN, PERM_ANY },
	{ METHOD_POST, "/logout",		h_logout,	ACCESS_SIGNED_IN, PERM_ANY },
	{ METHOD_GET,  "/*/*/*/*/*",		h_deep,		ACCESS_PUBLIC, PERM_ANY },
};
#define TABLE_N	(sizeof(table) / sizeof(table[0]))

/* One lookup's results, with the args owned by the test. */
struct lookup {
	enum route_match	 m;
	const struct route	*route;
	char			*args[ROUTE_MAX_ARGS];
	char			 allow[64];
};

static void
lookup_in(const struct route *t, size_t n, enum http_method method,
    const char *path, struct lookup *l)
{
	memset(l, 0, sizeof(*l));
	memset(l->allow, 'X', sizeof(l->allow) - 1);
	l->m = route_lookup(t, n, method, path, &l->route, l->args, l->allow,
	    sizeof(l->allow));
}

static void
lookup_free(struct lookup *l)
{
	size_t	 i;

	for (i = 0; i < ROUTE_MAX_ARGS; i++) {
		free(l->args[i]);
		l->args[i] = NULL;
	}
}

/* Expects path to be found on route number want of the test table. */
static void
expect_found(enum http_method method, const char *path, size_t want,
    const char *arg0, const char *arg1)
{
	struct lookup	 l;
	size_t		 i;

	lookup_in(table, TABLE_N, method, path, &l);
	ck_assert_msg(l.m == ROUTE_FOUND, "%s: %d", path, (int)l.m);
	ck_assert_msg(l.route == &table[want], "%s: route %td, not %zu", path,
	    l.route - table, want);
	if (arg0 == NULL)
		ck_assert_ptr_null(l.args[0]);
	else
		ck_assert_str_eq(l.args[0], arg0);
	if (arg1 == NULL)
		ck_assert_ptr_null(l.args[1]);
	else
		ck_assert_str_eq(l.args[1], arg1);
	for (i = 2; i < ROUTE_MAX_ARGS; i++)
		ck_assert_ptr_null(l.args[i]);
	lookup_free(&l);
}

/* Expects a lookup to fail with want and, for 405, the allow text. */
static void
expect_not_found(const struct route *t, size_t n, enum http_method method,
    const char *path, enum route_match want, const char *allow)
{
	struct lookup	 l;
	size_t		 i;

	lookup_in(t, n, method, path, &l);
	ck_assert_msg(l.m == want, "%s: %d, not %d", path, (int)l.m,
	    (int)want);
	for (i = 0; i < ROUTE_MAX_ARGS; i++)
		ck_assert_msg(l.args[i] == NULL, "%s: args[%zu] left", path, i);
	ck_assert_str_eq(l.allow, allow);
}

/* The test table */

START_TEST(test_exact)
{
	expect_found(METHOD_GET, "/", 0, NULL, NULL);
	expect_found(METHOD_GET, "/customers", 1, NULL, NULL);
	expect_found(METHOD_POST, "/customers", 2, NULL, NULL);
	expect_found(METHOD_POST, "/logout", 5, NULL, NULL);
}
END_TEST

/* Several routes of one method on a path list that method once in Allow. */
START_TEST(test_allow_lists_each_method_once)
{
	static const struct route overlap[] = {
		{ METHOD_GET, "/customers/new",	h_list,	ACCESS_SIGNED_IN, PERM_ANY },
		{ METHOD_GET, "/customers/*",	h_show,	ACCESS_SIGNED_IN, PERM_ANY },
	};

	expect_not_found(overlap, 2, METHOD_POST, "/customers/new",
	    ROUTE_NO_METHOD, "GET, HEAD");
}
END_TEST

START_TEST(test_head_is_get)
{
	expect_found(METHOD_HEAD, "/", 0, NULL, NULL);
	expect_found(METHOD_HEAD, "/customers", 1, NULL, NULL);
	expect_found(METHOD_HEAD, "/customers/7", 3, "7", NULL);
}
END_TEST

START_TEST(test_capture)
{
	expect_found(METHOD_GET, "/customers/42", 3, "42", NULL);
	expect_found(METHOD_GET, "/customers/a%20b", 3, "a%20b", NULL);
	expect_found(METHOD_POST, "/customers/42/notes/7", 4, "42", "7");
}
END_TEST

START_TEST(test_capture_max_args)
{
	struct lookup	 l;

	/* Five '*' segments are more than ROUTE_MAX_ARGS: never a match. */
	lookup_in(table, TABLE_N, METHOD_GET, "/a/b/c/d/e", &l);
	ck_assert_int_eq(l.m, ROUTE_NO_PATH);
	ck_assert_ptr_null(l.args[0]);
	ck_assert_ptr_null(l.args[ROUTE_MAX_ARGS - 1]);
}
END_TEST

START_TEST(test_wrong_method)
{
	expect_not_found(table, TABLE_N, METHOD_POST, "/customers/42",
	    ROUTE_NO_METHOD, "GET, HEAD");
	expect_not_found(table, TABLE_N, METHOD_POST, "/",
	    ROUTE_NO_METHOD, "GET, HEAD");
	expect_not_found(table, TABLE_N, METHOD_GET, "/logout",
	    ROUTE_NO_METHOD, "POST");
	expect_not_found(table, TABLE_N, METHOD_HEAD, "/logout",
	    ROUTE_NO_METHOD, "POST");
	expect_not_found(table, TABLE_N, METHOD_GET, "/customers/42/notes/7",
	    ROUTE_NO_METHOD, "POST");
	expect_not_found(table, TABLE_N, METHOD_OTHER, "/customers",
	    ROUTE_NO_METHOD, "GET, HEAD, POST");
	expect_not_found(table, TABLE_N, METHOD_OTHER, "/logout",
	    ROUTE_NO_METHOD, "POST");
}
END_TEST

START_TEST(test_unknown)
{
	expect_not_found(table, TABLE_N, METHOD_GET, "/nope", ROUTE_NO_PATH,
	    "");
	expect_not_found(table, TABLE_N, METHOD_OTHER, "/nope", ROUTE_NO_PATH,
	    "");
	expect_not_found(table, TABLE_N, METHOD_GET, "", ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_GET, "customers",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_GET, "/Customers",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_GET, "/customer",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_GET, "/customersx",
	    ROUTE_NO_PATH, "");
}
END_TEST

START_TEST(test_trailing_slash)
{
	expect_not_found(table, TABLE_N, METHOD_POST, "/logout/",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_GET, "/customers/42/",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_GET, "//", ROUTE_NO_PATH, "");
}
END_TEST

START_TEST(test_empty_segment)
{
	/* "/customers/" is neither "/customers" nor "/customers/ *". */
	expect_not_found(table, TABLE_N, METHOD_GET, "/customers/",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_POST, "/customers//notes/7",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_POST, "/customers/42/notes/",
	    ROUTE_NO_PATH, "");
}
END_TEST

START_TEST(test_partial_capture_freed)
{
	/*
	 * "/customers/ * /notes/ *" captures "42" before it fails; the copy
	 * must be gone (the sanitizer build reports a leak otherwise).
	 */
	expect_not_found(table, TABLE_N, METHOD_POST, "/customers/42/notes",
	    ROUTE_NO_PATH, "");
	expect_not_found(table, TABLE_N, METHOD_POST, "/customers/42/other/7",
	    ROUTE_NO_PATH, "");
	expect_found(METHOD_POST, "/customers/1/notes/2", 4, "1", "2");
}
END_TEST

START_TEST(test_allow_truncated)
{
	const struct route	*route = NULL;
	char			*args[ROUTE_MAX_ARGS] = { 0 };
	char			 allow[6];

	memset(allow, 'X', sizeof(allow));
	ck_assert_int_eq(route_lookup(table, TABLE_N, METHOD_OTHER,
	    "/customers", &route, args, allow, sizeof(allow)),
	    ROUTE_NO_METHOD);
	ck_assert_str_eq(allow, "GET, ");
	ck_assert_ptr_null(route);
}
END_TEST

START_TEST(test_empty_table)
{
	expect_not_found(table, 0, METHOD_GET, "/", ROUTE_NO_PATH, "");
}
END_TEST

/* The site's table */

START_TEST(test_site_login)
{
	struct lookup	 l;

	lookup_in(routes, routes_count, METHOD_GET, "/login", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_int_eq(l.route->method, METHOD_GET);
	ck_assert_str_eq(l.route->pattern, "/login");
	ck_assert_int_eq(l.route->access, ACCESS_PUBLIC);
	ck_assert_ptr_null(l.args[0]);

	lookup_in(routes, routes_count, METHOD_POST, "/login", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_int_eq(l.route->method, METHOD_POST);
	ck_assert_int_eq(l.route->access, ACCESS_PUBLIC);

	lookup_in(routes, routes_count, METHOD_HEAD, "/login", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_int_eq(l.route->method, METHOD_GET);

	expect_not_found(routes, routes_count, METHOD_OTHER, "/login",
	    ROUTE_NO_METHOD, "GET, HEAD, POST");
}
END_TEST

START_TEST(test_site_logout)
{
	struct lookup	 l;

	expect_not_found(routes, routes_count, METHOD_GET, "/logout",
	    ROUTE_NO_METHOD, "POST");
	lookup_in(routes, routes_count, METHOD_POST, "/logout", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_str_eq(l.route->pattern, "/logout");
}
END_TEST

START_TEST(test_site_unknown)
{
	expect_not_found(routes, routes_count, METHOD_GET, "/nope",
	    ROUTE_NO_PATH, "");
	expect_not_found(routes, routes_count, METHOD_GET, "/login/",
	    ROUTE_NO_PATH, "");
	expect_not_found(routes, routes_count, METHOD_GET, "/dashboard/x",
	    ROUTE_NO_PATH, "");
}
END_TEST

START_TEST(test_site_access)
{
	struct lookup	 l;

	lookup_in(routes, routes_count, METHOD_GET, "/dashboard", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_int_eq(l.route->access, ACCESS_SIGNED_IN);
	/* Someone who must change the password can reach the form. */
	lookup_in(routes, routes_count, METHOD_GET, "/profile/password", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_int_eq(l.route->access, ACCESS_PASSWORD_CHANGE);
	lookup_in(routes, routes_count, METHOD_POST, "/profile/password", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_int_eq(l.route->access, ACCESS_PASSWORD_CHANGE);
}
END_TEST

START_TEST(test_site_every_route_reachable)
{
	struct lookup	 l;
	size_t		 i;

	ck_assert_uint_gt(routes_count, 0);
	for (i = 0; i < routes_count; i++) {
		ck_assert_ptr_nonnull(routes[i].handler);
		ck_assert_msg(routes[i].pattern[0] == '/', "route %zu", i);
		ck_assert_msg(routes[i].method == METHOD_GET ||
		    routes[i].method == METHOD_POST, "route %zu", i);
		if (strchr(routes[i].pattern, '*') != NULL)
			continue;
		/* Found, and found on itself: no earlier route shadows it. */
		lookup_in(routes, routes_count, routes[i].method,
		    routes[i].pattern, &l);
		ck_assert_msg(l.m == ROUTE_FOUND && l.route == &routes[i],
		    "%s is shadowed or missing", routes[i].pattern);
		lookup_free(&l);
	}
}
END_TEST

START_TEST(test_site_uploads)
{
	struct lookup	 l;
	size_t		 i;

	/* The import page takes files of up to 16 MiB; no other page does. */
	lookup_in(routes, routes_count, METHOD_POST, "/customers/import", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_uint_eq(route_upload_max(route_uploads, route_uploads_count,
	    l.route), 16 * 1024 * 1024);
	lookup_free(&l);
	lookup_in(routes, routes_count, METHOD_GET, "/customers/import", &l);
	ck_assert_int_eq(l.m, ROUTE_FOUND);
	ck_assert_uint_eq(route_upload_max(route_uploads, route_uploads_count,
	    l.route), 0);
	lookup_free(&l);
	for (i = 0; i < routes_count; i++)
		if (strcmp(routes[i].pattern, "/customers/import") != 0)
			ck_assert_msg(route_upload_max(route_uploads,
			    route_uploads_count, &routes[i]) == 0,
			    "%s takes files", routes[i].pattern);
}
END_TEST

static Suite *
routes_suite(void)
{
	Suite	*s = suite_create("routes");
	TCase	*tc;

	tc = tcase_create("lookup");
	tcase_add_test(tc, test_exact);
	tcase_add_test(tc, test_allow_lists_each_method_once);
	tcase_add_test(tc, test_head_is_get);
	tcase_add_test(tc, test_capture);
	tcase_add_test(tc, test_capture_max_args);
	tcase_add_test(tc, test_wrong_method);
	tcase_add_test(tc, test_unknown);
	tcase_add_test(tc, test_trailing_slash);
	tcase_add_test(tc, test_empty_segment);
	tcase_add_test(tc, test_partial_capture_freed);
	tcase_add_test(tc, test_allow_truncated);
	tcase_add_test(tc, test_empty_table);
	suite_add_tcase(s, tc);

	tc = tcase_create("site");
	tcase_add_test(tc, test_site_login);
	tcase_add_test(tc, test_site_logout);
	tcase_add_test(tc, test_site_unknown);
	tcase_add_test(tc, test_site_access);
	tcase_add_test(tc, test_site_every_route_reachable);
	tcase_add_test(tc, test_site_uploads);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(routes_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
