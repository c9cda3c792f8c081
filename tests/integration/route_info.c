/* route_info.c: the site's route table and permission seeds, as plain values for tests. */
#include <string.h>

#include "handlers.h"
#include "perm.h"
#include "route_info.h"
#include "routes.h"
#include "sections.h"

size_t
route_info_count(void)
{
	return routes_count;
}

static void
seeds(enum perm p, const char **key, int seed[3])
{
	int	 i;

	*key = p == PERM_ANY ? NULL : perm_table[p].key;
	for (i = 0; i < 3; i++)
		seed[i] = p == PERM_ANY ? LEVEL_ALLOWED : (int)perm_table[p].seed[i];
}

void
route_info_get(size_t i, struct route_info *ri)
{
	const struct route	*r = &routes[i];

	memset(ri, 0, sizeof(*ri));
	ri->method = r->method == METHOD_POST ? "POST" : "GET";
	ri->pattern = r->pattern;
	ri->public = r->access == ACCESS_PUBLIC;
	ri->signs_out = r->handler == handle_logout;
	seeds(r->perm, &ri->perm, ri->seed);
}

size_t
section_info_count(void)
{
	return sections_count;
}

void
section_info_get(size_t i, const char **path, const char **perm, int seed[3])
{
	*path = sections[i].path;
	seeds(sections[i].perm, perm, seed);
}
