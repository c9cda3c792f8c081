/* request.c: the per-request context. */
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#include "log.h"
#include "request.h"
#include "timez.h"

void
req_free(struct req *r)
{
	size_t	 i;

	free(r->path);
	params_free(&r->query);
	params_free(&r->form);
	params_free(&r->cookies);
	uploads_free(&r->uploads);
	buf_free(&r->body);
	buf_free(&r->resp.headers);
	buf_free(&r->resp.body);
	for (i = 0; i < ROUTE_MAX_ARGS; i++)
		free(r->args[i]);
	if (r->hdf != NULL)
		hdf_destroy(&r->hdf);
	memset(r, 0, sizeof(*r));
}

const char *
req_form(const struct req *r, const char *name)
{
	const char	*v = params_get(&r->form, name);

	return v != NULL ? v : "";
}

const struct upload *
req_upload(const struct req *r, const char *name)
{
	return uploads_get(&r->uploads, name);
}

const char *
req_query(const struct req *r, const char *name)
{
	const char	*v = params_get(&r->query, name);

	return v != NULL ? v : "";
}

int
req_in_store_zone(struct req *r, int (*fn)(struct req *))
{
	struct timez	 z;
	int		 rc;

	if (timez_enter(&z, r->session.timezone) == -1) {
		log_error("cannot use the time zone '%s'", r->session.timezone);
		return -1;
	}
	rc = fn(r);
	timez_leave(&z);
	return rc;
}
