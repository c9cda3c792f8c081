/* config.c: settings read from the environment. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config.h"
#include "mail.h"

static const char *
env_or(const char *name, const char *fallback)
{
	const char	*v = getenv(name);

	return v != NULL && *v != '\0' ? v : fallback;
}

/* Reads a whole number in [min, max] from name into *out. */
static int
env_long(const char *name, long fallback, long min, long max, long *out)
{
	const char	*v = getenv(name);
	char		*end;
	long		 n;

	if (v == NULL || *v == '\0') {
		*out = fallback;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max) {
		fprintf(stderr, "slate: %s must be a whole number from %ld "
		    "to %ld\n", name, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

int
config_load(struct config *c)
{
	long	 cores, workers, port;

	cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		cores = 1;
	/*
	 * Workers spend most of a request waiting for MariaDB (a row lock,
	 * a commit's flush): four a core keep the cores busy meanwhile.
	 */
	if (cores > 64)
		cores = 64;
	c->db_socket = env_or("SLATE_DB_SOCKET", NULL);
	c->db_host = env_or("SLATE_DB_HOST", "localhost");
	c->db_name = env_or("SLATE_DB_NAME", "slate");
	c->db_user = env_or("SLATE_DB_USER", "root");
	c->db_password = env_or("SLATE_DB_PASSWORD", "");
	c->templates = env_or("SLATE_TEMPLATES", "templates");
	c->schema = env_or("SLATE_SCHEMA", "schema");
	c->fcgi_socket = env_or("SLATE_FCGI_SOCKET", NULL);
	c->mail_from = env_or("SLATE_MAIL_FROM", "slate@localhost");
	c->sendmail = env_or("SLATE_SENDMAIL", "/usr/sbin/sendmail -t -oi");
	if (!mail_address_ok(c->mail_from)) {
		fprintf(stderr, "slate: SLATE_MAIL_FROM must be one plain "
		    "email address\n");
		return -1;
	}
	if (env_long("SLATE_DB_PORT", 0, 0, 65535, &port) == -1 ||
	    env_long("SLATE_WORKERS", 4 * cores, 1, 256, &workers) == -1 ||
	    env_long("SLATE_SESSION_IDLE", 1800, 60, 86400 * 30,
	    &c->session_idle) == -1 ||
	    env_long("SLATE_SESSION_MAX", 43200, 60, 86400 * 90,
	    &c->session_max) == -1 ||
	    env_long("SLATE_LANE_RATE", 20, 1, 1000000, &c->lane_rate) == -1 ||
	    env_long("SLATE_LANE_BURST", 60, 1, 1000000, &c->lane_burst) == -1 ||
	    env_long("SLATE_DB_READ_TIMEOUT", 90, 0, 86400,
	    &c->db_read_timeout) == -1 ||
	    env_long("SLATE_DB_LOCK_WAIT", 10, 1, 3600, &c->db_lock_wait) == -1)
		return -1;
	c->db_port = (unsigned)port;
	c->workers = (int)workers;
	return 0;
}
