/* config.h: settings of the FastCGI program and slatectl, read from the environment. */
#ifndef SLATE_CONFIG_H
#define SLATE_CONFIG_H

struct config {
	const char	*db_socket;	/* SLATE_DB_SOCKET: MariaDB unix socket */
	const char	*db_host;	/* SLATE_DB_HOST, when no socket */
	unsigned	 db_port;	/* SLATE_DB_PORT */
	const char	*db_name;	/* SLATE_DB_NAME, default "slate" */
	const char	*db_user;	/* SLATE_DB_USER, default "root" */
	const char	*db_password;	/* SLATE_DB_PASSWORD, default empty */
	const char	*templates;	/* SLATE_TEMPLATES: template directory */
	const char	*schema;	/* SLATE_SCHEMA: migrations directory */
	const char	*fcgi_socket;	/* SLATE_FCGI_SOCKET: where to listen */
	int		 workers;	/* SLATE_WORKERS, default: 4 a core */
	long		 session_idle;	/* SLATE_SESSION_IDLE seconds, 1800 */
	long		 session_max;	/* SLATE_SESSION_MAX seconds, 43200 */
	const char	*mail_from;	/* SLATE_MAIL_FROM, default "slate@localhost" */
	const char	*sendmail;	/* SLATE_SENDMAIL, "/usr/sbin/sendmail -t -oi" */
	long		 lane_rate;	/* SLATE_LANE_RATE requests a second, 20 */
	long		 lane_burst;	/* SLATE_LANE_BURST requests, 60 */
	long		 db_read_timeout; /* SLATE_DB_READ_TIMEOUT seconds, 90; 0: none */
	long		 db_lock_wait;	/* SLATE_DB_LOCK_WAIT seconds, 10 */
};

/*
 * Fills c from the environment, with defaults for what is unset.
 * Returns 0, or -1 after printing to stderr which variable is wrong.
 */
int	config_load(struct config *c);

#endif
