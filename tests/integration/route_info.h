/* route_info.h: the site's route table and permission seeds, as plain values for tests. */
#ifndef SLATE_ROUTE_INFO_H
#define SLATE_ROUTE_INFO_H

#include <stddef.h>

struct route_info {
	const char	*method;	/* "GET" or "POST" */
	const char	*pattern;	/* with '*' segments */
	int		 public;	/* no session needed */
	int		 signs_out;	/* would end the session */
	const char	*perm;		/* permission key, or NULL for any */
	int		 seed[3];	/* level of Administrator, Manager, Clerk */
};

/* The number of routes in the site's table. */
size_t	route_info_count(void);

/* Fills ri with route i of the site's table. */
void	route_info_get(size_t i, struct route_info *ri);

/* The number of sections in the navigation, and section i's path and permission. */
size_t	section_info_count(void);
void	section_info_get(size_t i, const char **path, const char **perm,
	    int seed[3]);

#endif
