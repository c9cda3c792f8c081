/* migrate.c: applying the numbered SQL migrations in schema/. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "migrate.h"

#define MAX_MIGRATIONS	1000

static const char create_table[] =
	"CREATE TABLE IF NOT EXISTS schema_migrations ("
	" version INT UNSIGNED NOT NULL PRIMARY KEY,"
	" name VARCHAR(200) NOT NULL,"
	" applied_at DATETIME(6) NOT NULL"
	") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci";

/* Returns the version of a migration file name "NNN_x.sql", or -1. */
static int
migration_version(const char *name)
{
	size_t	 n = strlen(name);

	if (n < 9 || name[3] != '_' || strcmp(name + n - 4, ".sql") != 0 ||
	    strspn(name, "0123456789") != 3)
		return -1;
	return atoi(name);
}

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the migration files in dir, sorted. Returns the count or -1. */
static int
migration_files(const char *dir, char **names)
{
	DIR		*d;
	struct dirent	*e;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "slatectl: cannot read %s\n", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL && n < MAX_MIGRATIONS)
		if (migration_version(e->d_name) >= 0)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, (size_t)n, sizeof(*names), compare_names);
	return n;
}

static int
read_file(const char *path, struct buf *b)
{
	FILE	*f;
	char	 chunk[4096];
	size_t	 n;
	int	 rc = 0;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = buf_append(b, chunk, n);
	if (ferror(f))
		rc = -1;
	fclose(f);
	return rc;
}

/* Applies one migration file. Returns 0 or -1. */
static int
migration_run(struct db *db, const char *dir, const char *name)
{
	char		 path[PATH_MAX];
	struct buf	 sql = { 0 };
	int		 rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (read_file(path, &sql) == -1) {
		fprintf(stderr, "slatectl: cannot read %s\n", path);
		buf_free(&sql);
		return -1;
	}
	rc = db_run_script(db, sql.data ? sql.data : "", sql.len);
	buf_free(&sql);
	if (rc != DB_OK) {
		fprintf(stderr, "slatectl: migration %s failed: %s\n", name,
		    db_error(db));
		return -1;
	}
	if (db_exec(db, STMT_MIGRATION_INSERT, DB_ARGS(DB_INT(
	    migration_version(name)), DB_STR(name)), NULL, NULL) < 0) {
		fprintf(stderr, "slatectl: cannot record migration %s: %s\n",
		    name, db_error(db));
		return -1;
	}
	return 0;
}

/* Marks in applied[] the versions already recorded. Returns 0 or -1. */
static int
migrations_applied(struct db *db, char applied[MAX_MIGRATIONS])
{
	int64_t		 version;
	struct db_col	 cols[] = { COL_INT(&version) };
	int		 rc;

	/* The columns must outlive db_query: db_fetch writes through them. */
	if (db_run_script(db, create_table, sizeof(create_table) - 1) != DB_OK ||
	    db_query(db, STMT_MIGRATION_LIST, DB_NOARGS, cols, 1) != DB_OK) {
		fprintf(stderr, "slatectl: cannot read the migrations table: "
		    "%s\n", db_error(db));
		return -1;
	}
	while ((rc = db_fetch(db)) == 1)
		if (version >= 0 && version < MAX_MIGRATIONS)
			applied[version] = 1;
	db_done(db);
	return rc < 0 ? -1 : 0;
}

int
migrate_apply(struct db *db, const char *dir, FILE *out)
{
	char	*names[MAX_MIGRATIONS], applied[MAX_MIGRATIONS] = { 0 };
	int	 n, i, done = 0, version;

	if (migrations_applied(db, applied) == -1 ||
	    (n = migration_files(dir, names)) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		version = migration_version(names[i]);
		if (done >= 0 && !applied[version]) {
			if (migration_run(db, dir, names[i]) == -1)
				done = -1;
			else {
				fprintf(out, "%s\n", names[i]);
				done++;
			}
		}
		free(names[i]);
	}
	return done;
}
