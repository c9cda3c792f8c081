/* store.c: stores, the tenants: creation, lookup, and their seeded user groups. */
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "db.h"
#include "perm.h"
#include "store.h"

#define ZONEINFO	"/usr/share/zoneinfo/"

const char *const store_seed_groups[] = {
	"Administrator", "Manager", "Clerk", NULL
};

const char *
store_code_problem(const char *code)
{
	size_t	 i, n = strlen(code);

	if (n == 0 || n > 16)
		return "A store code has 1 to 16 characters.";
	for (i = 0; i < n; i++)
		if (!((code[i] >= 'A' && code[i] <= 'Z') ||
		    (code[i] >= '0' && code[i] <= '9') ||
		    code[i] == '-' || code[i] == '_'))
			return "A store code uses only A-Z, 0-9, '-' and '_'.";
	return NULL;
}

const char *
timezone_problem(const char *tz)
{
	char		 path[PATH_MAX];
	struct stat	 st;
	size_t		 i, n = strlen(tz);

	if (n == 0 || n > 64 || tz[0] == '/' || strstr(tz, "..") != NULL)
		return "Enter a time zone such as Europe/Berlin.";
	for (i = 0; i < n; i++)
		if (!((tz[i] >= 'A' && tz[i] <= 'Z') ||
		    (tz[i] >= 'a' && tz[i] <= 'z') ||
		    (tz[i] >= '0' && tz[i] <= '9') ||
		    strchr("/_+-", tz[i]) != NULL))
			return "Enter a time zone such as Europe/Berlin.";
	snprintf(path, sizeof(path), ZONEINFO "%s", tz);
	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return "That time zone is not known.";
	return NULL;
}

int
store_create(struct db *db, struct store *s)
{
	int64_t	 gid;
	size_t	 i;
	int	 rc, p;

	rc = db_exec(db, STMT_STORE_INSERT, DB_ARGS(DB_STR(s->code),
	    DB_STR(s->name), DB_STR(s->currency), DB_STR(s->timezone)),
	    NULL, &s->id);
	for (i = 0; rc == DB_OK && store_seed_groups[i] != NULL; i++) {
		rc = db_exec(db, STMT_GROUP_INSERT, DB_ARGS(DB_INT(s->id),
		    DB_STR(store_seed_groups[i])), NULL, &gid);
		for (p = 0; rc == DB_OK && p < PERM__MAX; p++)
			rc = db_exec(db, STMT_GROUP_PERMISSION_PUT,
			    DB_ARGS(DB_INT(gid), DB_STR(perm_table[p].key),
			    DB_INT(perm_table[p].seed[i])), NULL, NULL);
	}
	return rc;
}

int
store_find_by_code(struct db *db, const char *code, struct store *s)
{
	memset(s, 0, sizeof(*s));
	return db_get(db, STMT_STORE_GET_BY_CODE, DB_ARGS(DB_STR(code)),
	    DB_COLS(COL_INT(&s->id), COL_STR(s->code), COL_STR(s->name),
	    COL_STR(s->currency), COL_STR(s->timezone)));
}

int
store_find_first(struct db *db, struct store *s)
{
	memset(s, 0, sizeof(*s));
	return db_get(db, STMT_STORE_GET_FIRST, DB_NOARGS,
	    DB_COLS(COL_INT(&s->id), COL_STR(s->code), COL_STR(s->name),
	    COL_STR(s->currency), COL_STR(s->timezone)));
}

int
store_count(struct db *db, int64_t *n)
{
	int	 rc;

	rc = db_get(db, STMT_STORE_COUNT, DB_NOARGS, DB_COLS(COL_INT(n)));
	return rc < 0 ? rc : 0;
}

int
store_group_find(struct db *db, int64_t store_id, const char *name,
    int64_t *id)
{
	return db_get(db, STMT_GROUP_GET_BY_NAME,
	    DB_ARGS(DB_INT(store_id), DB_STR(name)), DB_COLS(COL_INT(id)));
}
