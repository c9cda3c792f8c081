/* view.c: page data (HDF) and rendering through ClearSilver templates. */
#include <stdio.h>
#include <string.h>

#include <ClearSilver.h>

#include "buf.h"
#include "config.h"
#include "http.h"
#include "log.h"
#include "sections.h"
#include "store.h"
#include "view.h"

static const char fallback_page[] =
	"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	"<title>Slate</title></head><body><h1>Something went wrong</h1>"
	"<p>The page could not be shown. Nothing was changed. Please try "
	"again in a moment.</p></body></html>\n";

/* Logs a ClearSilver error and frees it. */
static void
view_log_error(NEOERR *err, const char *what)
{
	STRING	 s;

	string_init(&s);
	nerr_error_string(err, &s);
	log_error("template %s: %s", what, s.buf ? s.buf : "unknown error");
	string_clear(&s);
	nerr_ignore(&err);
}

static int
view_hdf(struct req *r)
{
	NEOERR	*err;

	if (r->hdf != NULL)
		return 0;
	if ((err = hdf_init(&r->hdf)) != STATUS_OK) {
		view_log_error(err, "data");
		return -1;
	}
	return 0;
}

int
view_set(struct req *r, const char *name, const char *value)
{
	NEOERR	*err;

	if (view_hdf(r) == -1)
		return -1;
	if ((err = hdf_set_value(r->hdf, name, value)) != STATUS_OK) {
		view_log_error(err, "data");
		return -1;
	}
	return 0;
}

int
view_set_int(struct req *r, const char *name, long long value)
{
	char	 num[24];

	snprintf(num, sizeof(num), "%lld", value);
	return view_set(r, name, num);
}

static NEOERR *
view_append(void *ctx, char *s)
{
	if (buf_puts(ctx, s) == -1)
		return nerr_raise(NERR_NOMEM, "%s", "out of memory");
	return STATUS_OK;
}

int
view_render_file(HDF *hdf, const char *dir, const char *const files[],
    struct buf *out)
{
	CSPARSE	*cs = NULL;
	NEOERR	*err;
	size_t	 i;

	/* Escaping must be on before cs_init, or loops print raw. */
	err = hdf_set_value(hdf, "Config.VarEscapeMode", "html");
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "Config.DebugEnabled", "0");
	if (err == STATUS_OK)
		err = hdf_set_value(hdf, "hdf.loadpaths.0", dir);
	if (err == STATUS_OK)
		err = cs_init(&cs, hdf);
	if (err == STATUS_OK)
		err = cgi_register_strfuncs(cs);
	for (i = 0; err == STATUS_OK && files[i] != NULL; i++)
		err = cs_parse_file(cs, files[i]);
	if (err == STATUS_OK)
		err = cs_render(cs, out, view_append);
	cs_destroy(&cs);
	if (err != STATUS_OK) {
		view_log_error(err, files[0]);
		return -1;
	}
	return 0;
}

struct header_stores {
	struct req	*r;
	size_t		 n;
};

/* Adds one store to Session.Stores, for the header's store switch. */
static int
view_store_add(const struct store_membership *m, void *arg)
{
	struct header_stores	*h = arg;
	char			 name[48];

	snprintf(name, sizeof(name), "Session.Stores.%zu.Code", h->n);
	if (view_set(h->r, name, m->code) == -1)
		return -1;
	snprintf(name, sizeof(name), "Session.Stores.%zu.Name", h->n);
	if (view_set(h->r, name, m->name) == -1)
		return -1;
	snprintf(name, sizeof(name), "Session.Stores.%zu.Current", h->n++);
	return m->id == h->r->session.store_id ?
	    view_set(h->r, name, "1") : 0;
}

/*
 * Puts the stores the staff member works in into Session.Stores; the
 * header offers to switch when there is more than one. Without the
 * list the header shows the store's name alone, so a failure here is
 * logged and the page goes on.
 */
static void
view_stores(struct req *r)
{
	struct header_stores	 h = { r, 0 };
	NEOERR			*err;

	if (store_each_membership(r->db, r->session.staff_id, view_store_add,
	    &h) < 0) {
		log_error("the header's store list could not be made");
		err = hdf_remove_tree(r->hdf, "Session.Stores");
		nerr_ignore(&err);
	}
}

/* Puts what every page shows: who is signed in, the store, the CSRF token. */
static int
view_common(struct req *r)
{
	const struct session	*s = &r->session;

	char			 name[32];
	size_t			 i, n;
	int64_t			 waiting;

	if (!s->valid)
		return 0;
	if (s->stores > 1)
		view_stores(r);
	for (i = n = 0; i < sections_count; i++) {
		if (!section_visible(&sections[i], s))
			continue;
		/* Only a hint: a page is still shown without it. */
		if (sections[i].waiting != NULL) {
			if (sections[i].waiting(r->db, s->store_id,
			    &waiting) < 0)
				log_error("the count beside %s could not be "
				    "read", sections[i].path);
			else if (waiting > 0) {
				snprintf(name, sizeof(name), "Nav.%zu.Waiting",
				    n);
				if (view_set_int(r, name, waiting) == -1)
					return -1;
			}
		}
		snprintf(name, sizeof(name), "Nav.%zu.Path", n);
		if (view_set(r, name, sections[i].path) == -1)
			return -1;
		snprintf(name, sizeof(name), "Nav.%zu.Title", n++);
		if (view_set(r, name, sections[i].title) == -1)
			return -1;
	}
	if (view_set(r, "Session.StaffName", s->staff_name) == -1 ||
	    view_set(r, "Session.Email", s->email) == -1 ||
	    view_set(r, "Session.Group", s->group) == -1 ||
	    view_set(r, "Session.StoreName", s->store_name) == -1 ||
	    view_set(r, "Session.StoreCode", s->store_code) == -1 ||
	    view_set(r, "Session.Csrf", s->csrf) == -1)
		return -1;
	return 0;
}

int
view_render(struct req *r, int status, const char *page)
{
	const char *const files[] = { page, "layout.cs", NULL };

	if (view_hdf(r) == -1 || view_common(r) == -1)
		return -1;
	buf_reset(&r->resp.body);
	if (view_render_file(r->hdf, r->cfg->templates, files,
	    &r->resp.body) == -1) {
		buf_reset(&r->resp.body);
		return -1;
	}
	r->resp.status = status;
	r->resp.content_type = "text/html; charset=utf-8";
	return 0;
}

void
view_error(struct req *r, int status, const char *message)
{
	char	 code[8];

	/* Start clean: nothing half-prepared may show or set a cookie. */
	buf_reset(&r->resp.headers);
	if (r->hdf != NULL)
		hdf_destroy(&r->hdf);
	snprintf(code, sizeof(code), "%d", status);
	if (view_set(r, "Page.Title", http_status_text(status)) ==
	    0 && view_set(r, "Error.Status", code) == 0 &&
	    view_set(r, "Error.Message", message) == 0 &&
	    view_render(r, status, "error.cs") == 0)
		return;
	buf_reset(&r->resp.body);
	buf_puts(&r->resp.body, fallback_page);
	r->resp.status = status;
	r->resp.content_type = "text/html; charset=utf-8";
}
