/* dashboard.c: the first page after sign-in and the sections still to come. */
#include <stdio.h>
#include <string.h>

#include "handlers.h"
#include "sections.h"
#include "http.h"
#include "view.h"

/* GET /: 303 to the dashboard (which asks to sign in first when needed). */
int
handle_home(struct req *r)
{
	return http_redirect(r, "/dashboard");
}

static int
dashboard_sections(struct req *r)
{
	char	 name[64];
	size_t	 i, n;

	for (i = n = 0; i < sections_count; i++) {
		if (!section_visible(&sections[i], &r->session))
			continue;
		snprintf(name, sizeof(name), "Sections.%zu.Path", n);
		if (view_set(r, name, sections[i].path) == -1)
			return -1;
		snprintf(name, sizeof(name), "Sections.%zu.Title", n);
		if (view_set(r, name, sections[i].title) == -1)
			return -1;
		snprintf(name, sizeof(name), "Sections.%zu.Summary", n++);
		if (view_set(r, name, sections[i].summary) == -1)
			return -1;
	}
	return 0;
}

/* GET /dashboard: who is signed in, the store, and the sections. 200. */
int
handle_dashboard(struct req *r)
{
	if (view_set(r, "Page.Title", "Dashboard") == -1 ||
	    view_set(r, "Page.Nav", "/dashboard") == -1 ||
	    dashboard_sections(r) == -1)
		return -1;
	return view_render(r, 200, "dashboard.cs");
}
