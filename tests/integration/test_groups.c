/* test_groups.c: user groups: the list, the permission matrix, the fixed Administrator group, who may change groups, and their audit entries. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <curl/curl.h>

#include "client.h"

#define MAX_PERMS	64
#define STORE_B		"ITGROUPSB"	/* a second store, kept between runs */
#define DENIED_MSG	"Your user group does not allow this."
#define NOT_FOUND_MSG	"There is no such page."
#define FIXED_MSG	"cannot be renamed, changed or deleted."
#define TAKEN_MSG	"This store already has a group with that name."
#define LEVELS_MSG	"Choose None, Allowed or Manager code required for " \
	"every permission (seeing the audit log or reports takes no code)."

/* The manager code 4711 as Slate stores it, with a low work factor. */
#define CODE		"4711"
#define CODE_HASH	"pbkdf2-sha256$1000$000102030405060708090a0b0c0d0e0f$" \
	"b5bd6e88917e8c18c075e52eb8427bbc00f98d7308cd509c480e449242bbaac0"

static const char *const levels[] = { "none", "allowed", "manager_code" };

/* The names of this run's groups start with it (set before the tests fork). */
static char	 prefix[64];
/* The Clerk group's manage_customers level before the tests, restored after. */
static long long saved_clerk_customers = -1;

/* A group's permission matrix as the form sends it. */
struct matrix {
	size_t	 n;
	char	 key[MAX_PERMS][48];
	char	 level[MAX_PERMS][16];	/* "" leaves the field out */
};

static long long
first_store(void)
{
	return sql_long("SELECT id FROM stores ORDER BY id LIMIT 1");
}

static long long
group_id(long long store, const char *name)
{
	return sql_long("SELECT id FROM user_groups WHERE store_id = %lld "
	    "AND name = '%s'", store, name);
}

static long long
count_groups(void)
{
	return sql_long("SELECT COUNT(*) FROM user_groups");
}

static long long
count_permission_rows(void)
{
	return sql_long("SELECT COUNT(*) FROM group_permissions");
}

static long long
count_audit(void)
{
	return sql_long("SELECT COUNT(*) FROM audit_log");
}

static long long
count_audit_of(const char *action, long long id)
{
	return sql_long("SELECT COUNT(*) FROM audit_log WHERE object_type = "
	    "'group' AND object_id = '%lld' AND action = '%s'", id, action);
}

/* A new group name of this run. */
static char *
group_name(const char *what)
{
	static unsigned	 n;
	char		*s;

	ck_assert(asprintf(&s, "%s %ld %s %u", prefix, (long)getpid(), what,
	    ++n) != -1);
	return s;
}

static void
admin_sign_in(struct client *c)
{
	const char	*email = getenv("SLATE_ADMIN_EMAIL");
	const char	*pw = getenv("SLATE_ADMIN_PASSWORD");

	ck_assert_msg(email != NULL && *email != '\0' && pw != NULL &&
	    *pw != '\0', "SLATE_ADMIN_EMAIL and SLATE_ADMIN_PASSWORD are "
	    "not set");
	client_init(c);
	client_sign_in_ok(c, email, pw);
}

/* A new staff member of the first store in group, signed in on c. */
static char *
staff_sign_in(struct client *c, const char *group, const char *what)
{
	const char	*pw = "group test pass 42";
	char		*email = itest_email(what), *name = itest_name(what);

	itest_staff_add(email, name, group, pw);
	client_init(c);
	client_sign_in_ok(c, email, pw);
	free(name);
	return email;
}

static int
level_number(const char *key)
{
	int	 i;

	for (i = 0; i < 3; i++)
		if (strcmp(levels[i], key) == 0)
			return i;
	ck_abort_msg("no level %s", key);
	return -1;
}

/*
 * Reads the permissions from the new-group form (three radios each) and
 * checks that they are the ones the Administrator group has.
 */
static void
matrix_keys(struct client *c, struct matrix *m)
{
	struct response	 resp;
	const char	*p, *q, *field = "name=\"perm_";
	size_t		 i, len;

	memset(m, 0, sizeof(*m));
	ck_assert_int_eq(client_get(c, "/groups/new", &resp), 200);
	for (p = resp.body; (p = strstr(p, field)) != NULL; p = q) {
		p += strlen(field);
		ck_assert_ptr_nonnull(q = strchr(p, '"'));
		len = (size_t)(q - p);
		ck_assert_uint_lt(len, sizeof(m->key[0]));
		for (i = 0; i < m->n; i++)
			if (strlen(m->key[i]) == len &&
			    strncmp(m->key[i], p, len) == 0)
				break;
		if (i < m->n)
			continue;
		ck_assert_uint_lt(m->n, MAX_PERMS);
		memcpy(m->key[m->n], p, len);
		m->key[m->n][len] = '\0';
		snprintf(m->level[m->n++], sizeof(m->level[0]), "none");
	}
	response_free(&resp);
	ck_assert_uint_gt(m->n, 10);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM group_permissions gp "
	    "JOIN user_groups g ON g.id = gp.group_id WHERE g.store_id = %lld "
	    "AND g.name = 'Administrator'", first_store()), (long long)m->n);
	for (i = 0; i < m->n; i++)
		ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM "
		    "group_permissions gp JOIN user_groups g ON g.id = "
		    "gp.group_id WHERE g.store_id = %lld AND g.name = "
		    "'Administrator' AND gp.permission = '%s' AND gp.level = 1",
		    first_store(), m->key[i]), 1);
}

/* Permissions that only show a page: they never take a manager's code. */
static int
view_only(const char *key)
{
	return strcmp(key, "view_audit") == 0 ||
	    strcmp(key, "view_reports") == 0;
}

/* Sets permission i to levels[(i + shift) % 3] (Allowed for a view-only one). */
static void
matrix_pattern(struct matrix *m, size_t shift)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		snprintf(m->level[i], sizeof(m->level[0]), "%s",
		    view_only(m->key[i]) && (i + shift) % 3 == 2 ?
		    "allowed" : levels[(i + shift) % 3]);
}

/* Reads group id's levels into m (whose keys are set). */
static void
matrix_of_group(struct matrix *m, long long id)
{
	size_t	 i;
	char	*v;

	for (i = 0; i < m->n; i++) {
		v = sql_str("SELECT level FROM group_permissions WHERE "
		    "group_id = %lld AND permission = '%s'", id, m->key[i]);
		snprintf(m->level[i], sizeof(m->level[0]), "%s",
		    levels[v != NULL ? atoi(v) : 0]);
		free(v);
	}
}

static size_t
matrix_find(const struct matrix *m, const char *key)
{
	size_t	 i;

	for (i = 0; i < m->n; i++)
		if (strcmp(m->key[i], key) == 0)
			return i;
	ck_abort_msg("no permission %s", key);
	return 0;
}

static void
append(char **s, const char *name, const char *value)
{
	char	*ek, *ev, *t;

	ek = curl_easy_escape(NULL, name, 0);
	ev = curl_easy_escape(NULL, value, 0);
	ck_assert(ek != NULL && ev != NULL);
	ck_assert(asprintf(&t, "%s%s%s=%s", *s, **s != '\0' ? "&" : "", ek,
	    ev) != -1);
	curl_free(ek);
	curl_free(ev);
	free(*s);
	*s = t;
}

/* The group form's body; extra is NULL or more name, value pairs. */
static char *
group_body(const char *csrf, const char *name, const struct matrix *m,
    const char *const extra[])
{
	char	*s = strdup(""), field[64];
	size_t	 i;

	ck_assert_ptr_nonnull(s);
	append(&s, "csrf", csrf);
	append(&s, "name", name);
	for (i = 0; i < m->n; i++) {
		if (m->level[i][0] == '\0')
			continue;
		snprintf(field, sizeof(field), "perm_%s", m->key[i]);
		append(&s, field, m->level[i]);
	}
	for (i = 0; extra != NULL && extra[i] != NULL; i += 2)
		append(&s, extra[i], extra[i + 1]);
	return s;
}

static long
post_group(struct client *c, const char *path, const char *csrf,
    const char *name, const struct matrix *m, struct response *resp)
{
	char	*body = group_body(csrf, name, m, NULL);
	long	 status = client_post(c, path, body, resp);

	free(body);
	return status;
}

/* The audit JSON of a group: {"name": ..., "permissions": {...}}. */
static char *
matrix_json(const char *name, const struct matrix *m)
{
	char	*s, *t;
	size_t	 i;

	ck_assert(asprintf(&s, "{\"name\": \"%s\", \"permissions\": {",
	    name) != -1);
	for (i = 0; i < m->n; i++) {
		ck_assert(asprintf(&t, "%s%s\"%s\": \"%s\"", s,
		    i > 0 ? ", " : "", m->key[i], m->level[i]) != -1);
		free(s);
		s = t;
	}
	ck_assert(asprintf(&t, "%s}}", s) != -1);
	free(s);
	return t;
}

/* The group's rows in group_permissions are exactly m. */
static void
expect_rows(long long id, const struct matrix *m)
{
	size_t	 i;

	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM group_permissions "
	    "WHERE group_id = %lld", id), (long long)m->n);
	for (i = 0; i < m->n; i++)
		ck_assert_msg(sql_long("SELECT COUNT(*) FROM group_permissions "
		    "WHERE group_id = %lld AND permission = '%s' AND level = %d",
		    id, m->key[i], level_number(m->level[i])) == 1,
		    "%s is not %s", m->key[i], m->level[i]);
}

/* The response shows message beside field, and the field points to it. */
static void
expect_field_error(const struct response *resp, const char *field,
    const char *message)
{
	char	 tag[96];

	snprintf(tag, sizeof(tag), "<p class=\"field-error\" id=\"%s-error\"",
	    field);
	ck_assert_msg(response_contains(resp, tag), "no error beside %s",
	    field);
	ck_assert_msg(strstr(strstr(resp->body, tag), message) != NULL,
	    "the error beside %s is not '%s'", field, message);
	snprintf(tag, sizeof(tag), "aria-describedby=\"%s-error\"", field);
	ck_assert_msg(response_contains(resp, tag), "nothing points to the "
	    "error beside %s", field);
}

/* The response's matrix has level checked for key. */
static int
radio_checked(const struct response *resp, const char *key,
    const char *level)
{
	char	 s[160];

	snprintf(s, sizeof(s), "value=\"%s\" aria-labelledby=\"perm-%s "
	    "level-%s\" checked", level, key, level);
	return response_contains(resp, s);
}

/* Creates a group through the page and returns its id. */
static long long
create_group(struct client *c, const char *csrf, const char *name,
    const struct matrix *m)
{
	struct response	 resp;
	long long	 id;
	char		 want[64], *loc;

	ck_assert_int_eq(post_group(c, "/groups", csrf, name, m, &resp), 303);
	id = group_id(first_store(), name);
	loc = response_header(&resp, "Location");
	snprintf(want, sizeof(want), "/groups/%lld?saved=1", id);
	ck_assert_str_eq(loc, want);
	free(loc);
	response_free(&resp);
	return id;
}

/* How often s occurs in the body. */
static size_t
occurrences(const struct response *resp, const char *s)
{
	const char	*p = resp->body;
	size_t		 n = 0;

	while ((p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	return n;
}

/* ------------------------------------------------------------ tests */

START_TEST(test_list_shows_seeded_groups)
{
	const char	*seeded[] = { "Administrator", "Manager", "Clerk" };
	struct client	 c;
	struct response	 resp;
	long long	 store = first_store(), id;
	char		 want[160];
	const char	*row, *end;
	size_t		 i;

	admin_sign_in(&c);
	ck_assert_int_eq(client_get(&c, "/groups", &resp), 200);
	ck_assert(response_contains(&resp, "<h1>User groups</h1>"));
	ck_assert(response_contains(&resp, "href=\"/groups/new\""));
	for (i = 0; i < 3; i++) {
		id = group_id(store, seeded[i]);
		snprintf(want, sizeof(want), "<a href=\"/groups/%lld\">%s</a>",
		    id, seeded[i]);
		ck_assert_msg((row = strstr(resp.body, want)) != NULL,
		    "%s is not listed", seeded[i]);
		ck_assert_ptr_nonnull(end = strstr(row, "</tr>"));
		snprintf(want, sizeof(want), "<td class=\"num\">%lld</td>",
		    sql_long("SELECT COUNT(*) FROM staff_stores WHERE "
		    "group_id = %lld", id));
		ck_assert_msg(strstr(row, want) != NULL && strstr(row, want) <
		    end, "%s: members not shown as %s", seeded[i], want);
		snprintf(want, sizeof(want), "<td>%lld allowed, %lld with "
		    "manager code</td>",
		    sql_long("SELECT COUNT(*) FROM group_permissions WHERE "
		    "group_id = %lld AND level = 1", id),
		    sql_long("SELECT COUNT(*) FROM group_permissions WHERE "
		    "group_id = %lld AND level = 2", id));
		ck_assert_msg(strstr(row, want) != NULL && strstr(row, want) <
		    end, "%s: no summary %s", seeded[i], want);
	}
	response_free(&resp);
	client_free(&c);
}
END_TEST

START_TEST(test_create_group)
{
	struct client	 c;
	struct response	 resp;
	struct matrix	 m;
	long long	 id, groups, audit;
	char		*csrf, *name, *json, *email, want[96];
	size_t		 i;

	admin_sign_in(&c);
	csrf = client_session_csrf(&c);
	matrix_keys(&c, &m);
	matrix_pattern(&m, 1);
	name = group_name("Create");
	groups = count_groups();
	audit = count_audit();
	id = create_group(&c, csrf, name, &m);

	expect_rows(id, &m);
	ck_assert_int_eq(count_groups(), groups + 1);
	ck_assert_int_eq(count_audit(), audit + 1);
	ck_assert_int_eq(count_audit_of("group.create", id), 1);
	json = matrix_json(name, &m);
	email = sql_str("SELECT email FROM staff WHERE email = '%s'",
	    getenv("SLATE_ADMIN_EMAIL"));
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "object_type = 'group' AND object_id = '%lld' AND action = "
	    "'group.create' AND before_json IS NULL AND JSON_EQUALS(after_json, "
	    "'%s') AND store_id = %lld AND actor_type = 'staff' AND "
	    "actor_name = '%s' AND approver_id IS NULL", id, json,
	    first_store(), email), 1);

	/* The page shows what was saved. */
	snprintf(want, sizeof(want), "/groups/%lld?saved=1", id);
	ck_assert_int_eq(client_get(&c, want, &resp), 200);
	ck_assert(response_contains(&resp, "The group was saved."));
	for (i = 0; i < m.n; i++)
		ck_assert_msg(radio_checked(&resp, m.key[i], m.level[i]),
		    "%s is not shown as %s", m.key[i], m.level[i]);
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/groups", &resp), 200);
	snprintf(want, sizeof(want), "<a href=\"/groups/%lld\">", id);
	ck_assert(response_contains(&resp, want));
	response_free(&resp);
	free(csrf);
	free(name);
	free(json);
	free(email);
	client_free(&c);
}
END_TEST

/* A refused form: 422, and nothing written anywhere. */
static void
refused(struct client *c, const char *path, const char *csrf,
    const char *name, const struct matrix *m, struct response *resp)
{
	long long	 groups = count_groups(), rows = count_permission_rows(),
			 audit = count_audit();

	ck_assert_int_eq(post_group(c, path, csrf, name, m, resp), 422);
	ck_assert_int_eq(count_groups(), groups);
	ck_assert_int_eq(count_permission_rows(), rows);
	ck_assert_int_eq(count_audit(), audit);
}

START_TEST(test_create_bad_input)
{
	struct client	 c;
	struct response	 resp;
	struct matrix	 m;
	char		*csrf, *name, long_name[102];
	size_t		 i;

	admin_sign_in(&c);
	csrf = client_session_csrf(&c);
	matrix_keys(&c, &m);
	matrix_pattern(&m, 2);

	/* Names are unique per store, without regard to case. */
	refused(&c, "/groups", csrf, "cLERK", &m, &resp);
	expect_field_error(&resp, "name", TAKEN_MSG);
	ck_assert(response_contains(&resp, "value=\"cLERK\""));
	for (i = 0; i < m.n; i++)
		ck_assert_msg(radio_checked(&resp, m.key[i], m.level[i]),
		    "the choice for %s is lost", m.key[i]);
	response_free(&resp);

	refused(&c, "/groups", csrf, "   ", &m, &resp);
	expect_field_error(&resp, "name", "This is required.");
	response_free(&resp);
	memset(long_name, 'n', 101);
	long_name[101] = '\0';
	refused(&c, "/groups", csrf, long_name, &m, &resp);
	expect_field_error(&resp, "name", "This is too long.");
	response_free(&resp);

	/* A level that is not one, and one left out. */
	name = group_name("Bad level");
	snprintf(m.level[0], sizeof(m.level[0]), "everything");
	m.level[1][0] = '\0';
	refused(&c, "/groups", csrf, name, &m, &resp);
	expect_field_error(&resp, "permissions", LEVELS_MSG);
	ck_assert_uint_eq(occurrences(&resp, "<tr class=\"invalid\">"), 2);
	ck_assert(response_contains(&resp, name));
	ck_assert(radio_checked(&resp, m.key[2], m.level[2]));
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "name = '%s'", name), 0);
	response_free(&resp);

	/* Seeing a page never takes a manager's code. */
	matrix_pattern(&m, 2);
	snprintf(m.level[matrix_find(&m, "view_audit")], sizeof(m.level[0]),
	    "manager_code");
	refused(&c, "/groups", csrf, name, &m, &resp);
	expect_field_error(&resp, "permissions", LEVELS_MSG);
	ck_assert_uint_eq(occurrences(&resp, "<tr class=\"invalid\">"), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "name = '%s'", name), 0);
	response_free(&resp);
	free(csrf);
	free(name);
	client_free(&c);
}
END_TEST

START_TEST(test_update_group)
{
	struct client	 c;
	struct response	 resp;
	struct matrix	 a, b;
	long long	 id, audit;
	char		*csrf, *name, *renamed, *ja, *jb, path[64], *loc, want[64];

	admin_sign_in(&c);
	csrf = client_session_csrf(&c);
	matrix_keys(&c, &a);
	matrix_pattern(&a, 0);
	b = a;
	matrix_pattern(&b, 2);
	name = group_name("Update");
	renamed = group_name("Renamed");
	id = create_group(&c, csrf, name, &a);
	snprintf(path, sizeof(path), "/groups/%lld", id);

	ck_assert_int_eq(post_group(&c, path, csrf, renamed, &b, &resp), 303);
	loc = response_header(&resp, "Location");
	snprintf(want, sizeof(want), "/groups/%lld?saved=1", id);
	ck_assert_str_eq(loc, want);
	free(loc);
	response_free(&resp);
	expect_rows(id, &b);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld AND name = '%s'", id, renamed), 1);
	ck_assert_int_eq(count_audit_of("group.update", id), 1);
	ja = matrix_json(name, &a);
	jb = matrix_json(renamed, &b);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "object_type = 'group' AND object_id = '%lld' AND action = "
	    "'group.update' AND JSON_EQUALS(before_json, '%s') AND "
	    "JSON_EQUALS(after_json, '%s')", id, ja, jb), 1);

	/* Saving what is already there writes nothing, not even audit. */
	audit = count_audit();
	ck_assert_int_eq(post_group(&c, path, csrf, renamed, &b, &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(count_audit(), audit);
	ck_assert_int_eq(count_audit_of("group.update", id), 1);
	expect_rows(id, &b);

	/* Another group's name, in other case, is refused. */
	refused(&c, path, csrf, "MANAGER", &a, &resp);
	expect_field_error(&resp, "name", TAKEN_MSG);
	response_free(&resp);
	expect_rows(id, &b);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld AND name = '%s'", id, renamed), 1);

	/* So is a bad level. */
	snprintf(b.level[3], sizeof(b.level[3]), "maybe");
	refused(&c, path, csrf, renamed, &b, &resp);
	expect_field_error(&resp, "permissions", LEVELS_MSG);
	response_free(&resp);
	free(csrf);
	free(name);
	free(renamed);
	free(ja);
	free(jb);
	client_free(&c);
}
END_TEST

START_TEST(test_administrator_is_fixed)
{
	struct client	 c;
	struct response	 resp;
	struct matrix	 m;
	long long	 id, audit, rows;
	char		*csrf, path[64], want[96];

	admin_sign_in(&c);
	csrf = client_session_csrf(&c);
	matrix_keys(&c, &m);
	id = group_id(first_store(), "Administrator");
	snprintf(path, sizeof(path), "/groups/%lld", id);

	ck_assert_int_eq(client_get(&c, path, &resp), 200);
	ck_assert(response_contains(&resp, FIXED_MSG));
	snprintf(want, sizeof(want), "<form method=\"post\" action=\"%s\"",
	    path);
	ck_assert(!response_contains(&resp, want));
	ck_assert(!response_contains(&resp, "name=\"perm_"));
	ck_assert_uint_eq(occurrences(&resp, "<td>Allowed</td>"), m.n);
	response_free(&resp);

	audit = count_audit();
	rows = count_permission_rows();
	matrix_pattern(&m, 0);
	ck_assert_int_eq(post_group(&c, path, csrf, "Admins", &m, &resp), 422);
	ck_assert(response_contains(&resp, FIXED_MSG));
	response_free(&resp);
	snprintf(want, sizeof(want), "%s/delete", path);
	ck_assert_int_eq(post_group(&c, want, csrf, "Administrator", &m,
	    &resp), 422);
	ck_assert(response_contains(&resp, FIXED_MSG));
	response_free(&resp);

	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld AND name = 'Administrator'", id), 1);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM group_permissions "
	    "WHERE group_id = %lld AND level = 1", id), (long long)m.n);
	ck_assert_int_eq(count_permission_rows(), rows);
	ck_assert_int_eq(count_audit(), audit);
	free(csrf);
	client_free(&c);
}
END_TEST

START_TEST(test_delete_group)
{
	struct client	 c;
	struct response	 resp;
	struct matrix	 m;
	long long	 id, audit;
	char		*csrf, *name, *json, *loc, path[80];

	admin_sign_in(&c);
	csrf = client_session_csrf(&c);
	matrix_keys(&c, &m);
	matrix_pattern(&m, 1);
	name = group_name("Delete");
	id = create_group(&c, csrf, name, &m);
	audit = count_audit();

	snprintf(path, sizeof(path), "/groups/%lld/delete", id);
	ck_assert_int_eq(post_group(&c, path, csrf, name, &m, &resp), 303);
	loc = response_header(&resp, "Location");
	ck_assert_str_eq(loc, "/groups?deleted=1");
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, loc, &resp), 200);
	ck_assert(response_contains(&resp, "The group was deleted."));
	response_free(&resp);

	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld", id), 0);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM group_permissions "
	    "WHERE group_id = %lld", id), 0);
	ck_assert_int_eq(count_audit(), audit + 1);
	json = matrix_json(name, &m);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "object_type = 'group' AND object_id = '%lld' AND action = "
	    "'group.delete' AND JSON_EQUALS(before_json, '%s') AND "
	    "after_json IS NULL", id, json), 1);

	/* It is gone: its page and a second delete answer 404. */
	snprintf(path, sizeof(path), "/groups/%lld", id);
	ck_assert_int_eq(client_get(&c, path, &resp), 404);
	response_free(&resp);
	free(loc);
	free(csrf);
	free(name);
	free(json);
	client_free(&c);
}
END_TEST

START_TEST(test_delete_group_in_use)
{
	struct client	 c, s1, s2;
	struct response	 resp;
	struct matrix	 m;
	long long	 id, audit;
	char		*csrf, *name, *e1, *e2, path[80];

	admin_sign_in(&c);
	csrf = client_session_csrf(&c);
	matrix_keys(&c, &m);
	matrix_pattern(&m, 0);
	name = group_name("In use");
	id = create_group(&c, csrf, name, &m);
	e1 = staff_sign_in(&s1, name, "member");
	e2 = staff_sign_in(&s2, name, "member");
	audit = count_audit();

	snprintf(path, sizeof(path), "/groups/%lld/delete", id);
	ck_assert_int_eq(post_group(&c, path, csrf, name, &m, &resp), 422);
	ck_assert(response_contains(&resp, "2 staff members are in this "
	    "group; move them to another group first."));
	expect_field_error(&resp, "delete", "move them to another group");
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld", id), 1);
	expect_rows(id, &m);
	ck_assert_int_eq(count_audit(), audit);

	/* Once they are in another group, it goes. */
	sql_exec("UPDATE staff_stores SET group_id = %lld WHERE group_id = "
	    "%lld", group_id(first_store(), "Clerk"), id);
	ck_assert_int_eq(post_group(&c, path, csrf, name, &m, &resp), 303);
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld", id), 0);
	ck_assert_int_eq(count_audit_of("group.delete", id), 1);
	free(csrf);
	free(name);
	free(e1);
	free(e2);
	client_free(&s1);
	client_free(&s2);
	client_free(&c);
}
END_TEST

/* A Clerk (manage_groups None) gets 403 everywhere under /groups. */
START_TEST(test_clerk_denied)
{
	struct client	 a, c;
	struct response	 resp;
	struct matrix	 m;
	long long	 store = first_store(), mid, groups, rows, audit;
	char		*csrf, *email, *name, path[64], del[80], *body;
	const char	*gets[3];
	size_t		 i;

	ck_assert_int_eq(sql_long("SELECT level FROM group_permissions WHERE "
	    "group_id = %lld AND permission = 'manage_groups'",
	    group_id(store, "Clerk")), 0);
	admin_sign_in(&a);
	matrix_keys(&a, &m);
	client_free(&a);
	matrix_pattern(&m, 1);
	mid = group_id(store, "Manager");
	snprintf(path, sizeof(path), "/groups/%lld", mid);
	snprintf(del, sizeof(del), "/groups/%lld/delete", mid);
	email = staff_sign_in(&c, "Clerk", "clerk");
	csrf = client_session_csrf(&c);
	name = group_name("Clerk made");
	groups = count_groups();
	rows = count_permission_rows();
	audit = count_audit();

	gets[0] = "/groups";
	gets[1] = "/groups/new";
	gets[2] = path;
	for (i = 0; i < 3; i++) {
		ck_assert_msg(client_get(&c, gets[i], &resp) == 403,
		    "GET %s did not answer 403", gets[i]);
		ck_assert(response_contains(&resp, DENIED_MSG));
		response_free(&resp);
	}
	ck_assert_int_eq(post_group(&c, "/groups", csrf, name, &m, &resp), 403);
	ck_assert(response_contains(&resp, DENIED_MSG));
	response_free(&resp);
	ck_assert_int_eq(post_group(&c, path, csrf, name, &m, &resp), 403);
	ck_assert(response_contains(&resp, DENIED_MSG));
	response_free(&resp);
	body = group_body(csrf, "Manager", &m, NULL);
	ck_assert_int_eq(client_post(&c, del, body, &resp), 403);
	ck_assert(response_contains(&resp, DENIED_MSG));
	response_free(&resp);
	free(body);

	ck_assert_int_eq(count_groups(), groups);
	ck_assert_int_eq(count_permission_rows(), rows);
	ck_assert_int_eq(count_audit(), audit);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld AND name = 'Manager'", mid), 1);
	/* Nor is the section in the navigation. */
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(!response_contains(&resp, "href=\"/groups\""));
	response_free(&resp);
	free(csrf);
	free(email);
	free(name);
	client_free(&c);
}
END_TEST

/* Another store's group, or an id that is not one, is no page at all. */
START_TEST(test_other_store_not_found)
{
	const char	*bad[] = { "/groups/abc", "/groups/0", "/groups/-1",
	    "/groups/01", "/groups/1x", "/groups/99999999999999999999",
	    "/groups/999999999999999999" };
	struct client	 c;
	struct response	 resp;
	struct matrix	 m, before;
	long long	 bstore, bid, audit, rows;
	char		*csrf, *out = NULL, *err = NULL, path[64], del[80];
	size_t		 i;

	if (sql_long("SELECT COUNT(*) FROM stores WHERE code = '" STORE_B
	    "'") == 0)
		ck_assert_msg(itest_slatectl(NULL, &out, &err, "store", "add",
		    "--code", STORE_B, "--name", "Groups test store",
		    "--currency", "EUR", "--timezone", "Europe/Berlin",
		    NULL) == 0, "slatectl store add: %s", err);
	free(out);
	free(err);
	bstore = sql_long("SELECT id FROM stores WHERE code = '" STORE_B "'");
	bid = group_id(bstore, "Clerk");

	admin_sign_in(&c);
	csrf = client_session_csrf(&c);
	matrix_keys(&c, &m);
	before = m;
	matrix_of_group(&before, bid);
	matrix_pattern(&m, 1);
	snprintf(path, sizeof(path), "/groups/%lld", bid);
	snprintf(del, sizeof(del), "/groups/%lld/delete", bid);
	audit = count_audit();
	rows = count_permission_rows();

	ck_assert_int_eq(client_get(&c, path, &resp), 404);
	ck_assert(response_contains(&resp, NOT_FOUND_MSG));
	response_free(&resp);
	ck_assert_int_eq(post_group(&c, path, csrf, "Taken over", &m, &resp),
	    404);
	ck_assert(response_contains(&resp, NOT_FOUND_MSG));
	response_free(&resp);
	ck_assert_int_eq(post_group(&c, del, csrf, "Clerk", &m, &resp), 404);
	ck_assert(response_contains(&resp, NOT_FOUND_MSG));
	response_free(&resp);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM user_groups WHERE "
	    "id = %lld AND name = 'Clerk'", bid), 1);
	expect_rows(bid, &before);
	ck_assert_int_eq(count_permission_rows(), rows);
	ck_assert_int_eq(count_audit(), audit);

	/* The list shows none of store B's groups. */
	ck_assert_int_eq(client_get(&c, "/groups", &resp), 200);
	snprintf(path, sizeof(path), "href=\"/groups/%lld\"",
	    group_id(bstore, "Administrator"));
	ck_assert(!response_contains(&resp, path));
	snprintf(path, sizeof(path), "href=\"/groups/%lld\"", bid);
	ck_assert(!response_contains(&resp, path));
	response_free(&resp);

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(client_get(&c, bad[i], &resp) == 404,
		    "GET %s is not 404", bad[i]);
		response_free(&resp);
		ck_assert_msg(post_group(&c, bad[i], csrf, "X", &m, &resp) ==
		    404, "POST %s is not 404", bad[i]);
		response_free(&resp);
	}
	ck_assert_int_eq(count_audit(), audit);
	free(csrf);
	client_free(&c);
}
END_TEST

/* What the matrix says is what a Clerk may do, from the next request on. */
START_TEST(test_clerk_level_takes_effect)
{
	struct client	 a, c;
	struct response	 resp;
	struct matrix	 m, was;
	long long	 clerk = group_id(first_store(), "Clerk");
	char		*csrf, *email, path[64];
	size_t		 k;

	admin_sign_in(&a);
	csrf = client_session_csrf(&a);
	matrix_keys(&a, &m);
	matrix_of_group(&m, clerk);
	was = m;
	k = matrix_find(&m, "manage_customers");
	ck_assert_str_ne(m.level[k], "none");
	email = staff_sign_in(&c, "Clerk", "effect");
	ck_assert_int_eq(client_get(&c, "/customers", &resp), 200);
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(response_contains(&resp, "href=\"/customers\""));
	response_free(&resp);

	snprintf(m.level[k], sizeof(m.level[k]), "none");
	snprintf(path, sizeof(path), "/groups/%lld", clerk);
	ck_assert_int_eq(post_group(&a, path, csrf, "Clerk", &m, &resp), 303);
	response_free(&resp);
	expect_rows(clerk, &m);
	ck_assert_int_eq(client_get(&c, "/customers", &resp), 403);
	ck_assert(response_contains(&resp, DENIED_MSG));
	response_free(&resp);
	ck_assert_int_eq(client_get(&c, "/dashboard", &resp), 200);
	ck_assert(!response_contains(&resp, "href=\"/customers\""));
	ck_assert(!response_contains(&resp, ">Customers<"));
	response_free(&resp);

	/* Put it back as it was. */
	ck_assert_int_eq(post_group(&a, path, csrf, "Clerk", &was, &resp),
	    303);
	response_free(&resp);
	expect_rows(clerk, &was);
	ck_assert_int_eq(client_get(&c, "/customers", &resp), 200);
	response_free(&resp);
	free(csrf);
	free(email);
	client_free(&a);
	client_free(&c);
}
END_TEST

/* A group that may manage groups only with a manager's code. */
START_TEST(test_manager_code_needed)
{
	struct client	 a, c, mgr;
	struct response	 resp;
	struct matrix	 m, none;
	long long	 gid, mid, groups, audit, id;
	char		*csrf, *gname, *name, *memail, *cemail, *body, sid[24],
			 want[96];
	const char	*extra[5] = { "manager_id", NULL, "manager_code", NULL,
	    NULL };

	admin_sign_in(&a);
	csrf = client_session_csrf(&a);
	matrix_keys(&a, &m);
	none = m;
	snprintf(m.level[matrix_find(&m, "manage_groups")],
	    sizeof(m.level[0]), "manager_code");
	gname = group_name("Needs code");
	gid = create_group(&a, csrf, gname, &m);
	free(csrf);
	client_free(&a);
	(void)gid;

	/* A manager of the store (Administrator: Allowed) with code 4711. */
	memail = staff_sign_in(&mgr, "Administrator", "manager");
	client_free(&mgr);
	sql_exec("UPDATE staff SET manager_code_hash = '" CODE_HASH "' "
	    "WHERE email = '%s'", memail);
	mid = sql_long("SELECT id FROM staff WHERE email = '%s'", memail);
	snprintf(sid, sizeof(sid), "%lld", mid);

	cemail = staff_sign_in(&c, gname, "asker");
	csrf = client_session_csrf(&c);
	ck_assert_int_eq(client_get(&c, "/groups/new", &resp), 200);
	ck_assert(response_contains(&resp, "<legend>Manager approval</legend>"));
	snprintf(want, sizeof(want), "<option value=\"%lld\"", mid);
	ck_assert(response_contains(&resp, want));
	response_free(&resp);

	name = group_name("Approved");
	groups = count_groups();
	audit = count_audit();
	/* No manager chosen. */
	body = group_body(csrf, name, &none, NULL);
	ck_assert_int_eq(client_post(&c, "/groups", body, &resp), 422);
	expect_field_error(&resp, "manager_code",
	    "Choose the manager who approves this.");
	ck_assert(response_contains(&resp, name));
	response_free(&resp);
	free(body);
	/* A wrong code. */
	extra[1] = sid;
	extra[3] = "0000";
	body = group_body(csrf, name, &none, extra);
	ck_assert_int_eq(client_post(&c, "/groups", body, &resp), 422);
	expect_field_error(&resp, "manager_code",
	    "The manager or the code is not right.");
	response_free(&resp);
	free(body);
	ck_assert_int_eq(count_groups(), groups);
	ck_assert_int_eq(count_audit(), audit);
	/* The right one: saved, and the approver is on record. */
	extra[3] = CODE;
	body = group_body(csrf, name, &none, extra);
	ck_assert_int_eq(client_post(&c, "/groups", body, &resp), 303);
	response_free(&resp);
	free(body);
	id = group_id(first_store(), name);
	expect_rows(id, &none);
	ck_assert_int_eq(sql_long("SELECT COUNT(*) FROM audit_log WHERE "
	    "object_type = 'group' AND object_id = '%lld' AND action = "
	    "'group.create' AND approver_id = %lld", id, mid), 1);
	throttle_reset();
	free(csrf);
	free(gname);
	free(name);
	free(memail);
	free(cemail);
	client_free(&c);
}
END_TEST

/* ------------------------------------------------------------ suite */

/* Runs once before the tests, in the runner: notes what they change. */
static void
groups_setup(void)
{
	saved_clerk_customers = sql_long("SELECT gp.level FROM "
	    "group_permissions gp JOIN user_groups g ON g.id = gp.group_id "
	    "WHERE g.store_id = %lld AND g.name = 'Clerk' AND "
	    "gp.permission = 'manage_customers'", first_store());
}

/* Runs once after the tests, even failed ones: puts back what they changed. */
static void
groups_teardown(void)
{
	if (saved_clerk_customers >= 0)
		(void)sql_try("UPDATE group_permissions gp JOIN user_groups g "
		    "ON g.id = gp.group_id SET gp.level = %lld WHERE "
		    "g.store_id = %lld AND g.name = 'Clerk' AND "
		    "gp.permission = 'manage_customers'",
		    saved_clerk_customers, first_store());
	/* The run's staff (removed after this) leave its groups first. */
	(void)sql_try("UPDATE staff_stores ss JOIN user_groups g ON g.id = "
	    "ss.group_id JOIN user_groups c ON c.store_id = g.store_id AND "
	    "c.name = 'Clerk' SET ss.group_id = c.id WHERE g.name LIKE '%s %%'",
	    prefix);
	(void)sql_try("DELETE gp FROM group_permissions gp JOIN user_groups g "
	    "ON g.id = gp.group_id WHERE g.name LIKE '%s %%'", prefix);
	(void)sql_try("DELETE FROM user_groups WHERE name LIKE '%s %%'",
	    prefix);
	/* Store B goes too, unless something else holds on to it. */
	(void)sql_try("DELETE gp FROM group_permissions gp JOIN user_groups g "
	    "ON g.id = gp.group_id JOIN stores s ON s.id = g.store_id "
	    "WHERE s.code = '" STORE_B "'");
	(void)sql_try("DELETE g FROM user_groups g JOIN stores s ON s.id = "
	    "g.store_id WHERE s.code = '" STORE_B "'");
	(void)sql_try("DELETE c FROM store_counters c JOIN stores s ON "
	    "s.id = c.store_id WHERE s.code = '" STORE_B "'");
	(void)sql_try("DELETE FROM stores WHERE code = '" STORE_B "'");
}

static Suite *
groups_suite(void)
{
	Suite	*s = suite_create("groups");
	TCase	*tc = itest_tcase("groups");

	tcase_add_unchecked_fixture(tc, groups_setup, groups_teardown);
	tcase_add_test(tc, test_list_shows_seeded_groups);
	tcase_add_test(tc, test_create_group);
	tcase_add_test(tc, test_create_bad_input);
	tcase_add_test(tc, test_update_group);
	tcase_add_test(tc, test_administrator_is_fixed);
	tcase_add_test(tc, test_delete_group);
	tcase_add_test(tc, test_delete_group_in_use);
	tcase_add_test(tc, test_clerk_denied);
	tcase_add_test(tc, test_other_store_not_found);
	tcase_add_test(tc, test_clerk_level_takes_effect);
	tcase_add_test(tc, test_manager_code_needed);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	snprintf(prefix, sizeof(prefix), "itest group %ld", (long)getpid());
	return itest_run(groups_suite());
}
