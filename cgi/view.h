/* view.h: page data (HDF) and rendering through ClearSilver templates. */
#ifndef SLATE_VIEW_H
#define SLATE_VIEW_H

#include "request.h"

/*
 * Sets a value in the page data, making the data set on first use.
 * Returns 0, or -1 when memory runs out.
 */
int	view_set(struct req *r, const char *name, const char *value);

/* Sets a whole number in the page data. Returns 0 or -1. */
int	view_set_int(struct req *r, const char *name, long long value);

/*
 * Renders templates/<page> inside templates/layout.cs with the page
 * data into r->resp.body, as text/html with the given status. Every
 * variable is HTML-escaped. Returns 0, or -1 when a template fails
 * (logged; nothing of it reaches the client).
 */
int	view_render(struct req *r, int status, const char *page);

/*
 * Replaces the response with the error page for status and a message
 * for people (never internals). Falls back to a fixed page when even
 * that cannot be rendered, so it cannot fail.
 */
void	view_error(struct req *r, int status, const char *message);

/*
 * Renders template file (a path under dir) with the data set hdf
 * into out, escaping every variable as HTML. Used by view_render and
 * by tests. Returns 0, or -1 after logging the template error.
 */
struct _hdf;
struct buf;
int	view_render_file(struct _hdf *hdf, const char *dir,
	    const char *const files[], struct buf *out);

#endif
