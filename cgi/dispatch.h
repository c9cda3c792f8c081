/* dispatch.h: one request from arrival to response: parse, route, authorize, handle. */
#ifndef SLATE_DISPATCH_H
#define SLATE_DISPATCH_H

#include <fcgiapp.h>

struct config;
struct db;

/*
 * Serves one FastCGI request end to end and writes the response. Every
 * failure becomes an error page (400, 403, 404, 405, 411, 413, 415,
 * 500, 503) that shows no internals; nothing a handler prepared is
 * sent when it fails. Frees all it allocates before returning.
 */
void	dispatch(FCGX_Request *f, const struct config *cfg, struct db *db);

#endif
