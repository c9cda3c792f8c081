/* sections.h: the sections of the portal, for the navigation and the dashboard. */
#ifndef SLATE_SECTIONS_H
#define SLATE_SECTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "perm.h"

struct db;

struct section {
	const char	*path;
	const char	*title;
	const char	*summary;
	enum perm	 perm;		/* PERM_ANY: every signed-in person */
	/*
	 * How many things in the store wait for someone here, shown beside
	 * the section's name (NULL: nothing to count). Returns 0 with *n
	 * set, or < 0.
	 */
	int		(*waiting)(struct db *, int64_t store_id, int64_t *n);
};

/* The sections in navigation order, and how many there are. */
extern const struct section	sections[];
extern const size_t		sections_count;

struct session;

/* Returns 1 when the session's user group may open section s. */
int	section_visible(const struct section *s, const struct session *who);

#endif
