/* sections.h: the sections of the portal, for the navigation and the dashboard. */
#ifndef SLATE_SECTIONS_H
#define SLATE_SECTIONS_H

#include <stddef.h>

struct section {
	const char	*path;
	const char	*title;
	const char	*summary;
};

/* The sections in navigation order, and how many there are. */
extern const struct section	sections[];
extern const size_t		sections_count;

#endif
