/* test_permissions.c: every route of the site against each seeded user group, generated from the route table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "client.h"
#include "route_info.h"

#define DENIED_MSG	"Your user group does not allow this."
#define NO_SUCH_ID	"999999999"

static const char *const groups[3] = { "Administrator", "Manager", "Clerk" };

/* The route's path with every '*' segment replaced by an id no object has. */
static void
route_path(const char *pattern, char *out, size_t size)
{
	size_t	 n = 0;

	for (; *pattern != '\0' && n + sizeof(NO_SUCH_ID) < size; pattern++) {
		if (*pattern == '*') {
			memcpy(out + n, NO_SUCH_ID, sizeof(NO_SUCH_ID) - 1);
			n += sizeof(NO_SUCH_ID) - 1;
		} else
			out[n++] = *pattern;
	}
	out[n] = '\0';
}

/* Signs in a new staff member of group g of the first store. */
static void
sign_in_as(struct client *c, int g, char **email)
{
	const char	*pw = "matrix check pass 1";
	char		*name = itest_name(groups[g]);

	*email = itest_email("perm");
	itest_staff_add(*email, name, groups[g], pw);
	client_init(c);
	client_sign_in_ok(c, *email, pw);
	free(name);
}

/*
 * Each route, as each seeded group: None is 403 with the message and
 * changes nothing; Allowed and Manager code are never 403.
 */
static void
check_group(int g)
{
	struct client		 c;
	struct response		 resp;
	struct route_info	 ri;
	char			 path[256], *email, *csrf, *body;
	long long		 audit_before;
	long			 status;
	size_t			 i, checked = 0;

	sign_in_as(&c, g, &email);
	csrf = client_session_csrf(&c);
	body = form_encode("csrf", csrf, NULL);
	audit_before = sql_long("SELECT COUNT(*) FROM audit_log");
	for (i = 0; i < route_info_count(); i++) {
		route_info_get(i, &ri);
		if (ri.public || ri.signs_out)
			continue;
		route_path(ri.pattern, path, sizeof(path));
		if (strcmp(ri.method, "POST") == 0)
			status = client_post(&c, path, body, &resp);
		else
			status = client_get(&c, path, &resp);
		if (ri.seed[g] == 0) {
			ck_assert_msg(status == 403, "%s %s as %s: %ld, not 403",
			    ri.method, path, groups[g], status);
			ck_assert_msg(response_contains(&resp, DENIED_MSG),
			    "%s %s as %s: 403 without the message", ri.method,
			    path, groups[g]);
		} else
			ck_assert_msg(status != 403 && status < 500,
			    "%s %s as %s (level %d): %ld", ri.method, path,
			    groups[g], ri.seed[g], status);
		response_free(&resp);
		checked++;
	}
	ck_assert_uint_gt(checked, 0);
	/* No request above may have changed anything. */
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log"),
	    audit_before);
	free(body);
	free(csrf);
	client_free(&c);
	free(email);
}

START_TEST(test_routes_as_administrator)
{
	check_group(0);
}
END_TEST

START_TEST(test_routes_as_manager)
{
	check_group(1);
}
END_TEST

START_TEST(test_routes_as_clerk)
{
	check_group(2);
}
END_TEST

/* The navigation offers exactly the sections the group may open. */
START_TEST(test_navigation_follows_permissions)
{
	struct client	 c;
	struct response	 resp;
	const char	*path, *perm;
	char		 link[128], *email;
	int		 g, seed[3], shown;
	size_t		 i;

	for (g = 0; g < 3; g++) {
		sign_in_as(&c, g, &email);
		ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
		for (i = 0; i < section_info_count(); i++) {
			section_info_get(i, &path, &perm, seed);
			snprintf(link, sizeof(link), "<a href=\"%s\"", path);
			shown = response_contains(&resp, link);
			ck_assert_msg(shown == (seed[g] != 0), "%s: %s %s",
			    groups[g], path, shown ? "shown" : "hidden");
		}
		response_free(&resp);
		client_free(&c);
		free(email);
	}
}
END_TEST

static Suite *
permissions_suite(void)
{
	Suite	*s = suite_create("permissions");
	TCase	*tc = itest_tcase("matrix");

	tcase_add_test(tc, test_routes_as_administrator);
	tcase_add_test(tc, test_routes_as_manager);
	tcase_add_test(tc, test_routes_as_clerk);
	tcase_add_test(tc, test_navigation_follows_permissions);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return itest_run(permissions_suite());
}
