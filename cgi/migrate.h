/* migrate.h: applying the numbered SQL migrations in schema/. */
#ifndef SLATE_MIGRATE_H
#define SLATE_MIGRATE_H

#include <stdio.h>

struct db;

/*
 * Applies, in order, every schema/NNN_name.sql in dir that the
 * schema_migrations table does not list yet, recording each one.
 * Prints the name of each migration applied to out. Returns the
 * number applied, or -1 after printing the error to stderr.
 */
int	migrate_apply(struct db *db, const char *dir, FILE *out);

#endif
