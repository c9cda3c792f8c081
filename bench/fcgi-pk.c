/* fcgi-pk.c: a minimal FastCGI program that runs one prepared primary-key SELECT per request, the yardstick for the lane feed's empty poll (bench/lanes). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <mysql.h>

/*
 * Usage: fcgi-pk SOCKET [WORKERS]. Each of WORKERS processes (default:
 * the cores) connects to MariaDB (SLATE_MYCNF's [client] group, or
 * SLATE_DB_SOCKET as root; database SLATE_DB_NAME, default slate),
 * prepares "SELECT balance, version FROM accounts WHERE id = ?" once and
 * answers each request with the row of the id in the query string
 * (id=N, default 1): 200 with JSON, or 404 without a row.
 */
static MYSQL *
connect_db(void)
{
	const char	*cnf = getenv("SLATE_MYCNF");
	const char	*sock = getenv("SLATE_DB_SOCKET");
	const char	*name = getenv("SLATE_DB_NAME");
	MYSQL		*m = mysql_init(NULL);

	if (m == NULL)
		return NULL;
	if (cnf != NULL && *cnf != '\0') {
		mysql_options(m, MYSQL_READ_DEFAULT_FILE, cnf);
		mysql_options(m, MYSQL_READ_DEFAULT_GROUP, "client");
	}
	if (mysql_real_connect(m, NULL, "root", "", name && *name ? name :
	    "slate", 0, sock && *sock ? sock : NULL, 0) == NULL) {
		fprintf(stderr, "fcgi-pk: %s\n", mysql_error(m));
		mysql_close(m);
		return NULL;
	}
	return m;
}

static void
serve(int fd)
{
	static const char sql[] =
	    "SELECT balance, version FROM accounts WHERE id = ?";
	FCGX_Request	 req;
	MYSQL		*m;
	MYSQL_STMT	*st;
	MYSQL_BIND	 in, out[2];
	long long	 id, balance, version;
	const char	*q;

	if ((m = connect_db()) == NULL || (st = mysql_stmt_init(m)) == NULL ||
	    mysql_stmt_prepare(st, sql, sizeof(sql) - 1) != 0) {
		fprintf(stderr, "fcgi-pk: cannot prepare\n");
		_exit(1);
	}
	memset(&in, 0, sizeof(in));
	in.buffer_type = MYSQL_TYPE_LONGLONG;
	in.buffer = &id;
	memset(out, 0, sizeof(out));
	out[0].buffer_type = MYSQL_TYPE_LONGLONG;
	out[0].buffer = &balance;
	out[1].buffer_type = MYSQL_TYPE_LONGLONG;
	out[1].buffer = &version;
	FCGX_InitRequest(&req, fd, 0);
	while (FCGX_Accept_r(&req) >= 0) {
		int	 found;

		q = FCGX_GetParam("QUERY_STRING", req.envp);
		id = q != NULL && strncmp(q, "id=", 3) == 0 ? atoll(q + 3) : 1;
		found = mysql_stmt_bind_param(st, &in) == 0 &&
		    mysql_stmt_execute(st) == 0 &&
		    mysql_stmt_bind_result(st, out) == 0 &&
		    mysql_stmt_fetch(st) == 0;
		mysql_stmt_free_result(st);
		if (found)
			FCGX_FPrintF(req.out, "Status: 200 OK\r\nContent-Type: "
			    "application/json\r\n\r\n{\"balance\":%lld,"
			    "\"version\":%lld}\n", balance, version);
		else
			FCGX_PutS("Status: 404 Not Found\r\nContent-Type: "
			    "application/json\r\n\r\n{}\n", req.out);
		FCGX_Finish_r(&req);
	}
	_exit(0);
}

int
main(int argc, char *argv[])
{
	long	 n = argc > 2 ? atol(argv[2]) : sysconf(_SC_NPROCESSORS_ONLN);
	int	 fd;
	long	 i;

	if (argc < 2 || n < 1 || n > 256) {
		fprintf(stderr, "usage: fcgi-pk SOCKET [WORKERS]\n");
		return 2;
	}
	FCGX_Init();
	unlink(argv[1]);
	if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0) {
		fprintf(stderr, "fcgi-pk: cannot listen on %s\n", argv[1]);
		return 1;
	}
	chmod(argv[1], 0666);
	for (i = 0; i < n; i++)
		if (fork() == 0) {
			/* Workers end with the parent (TERM it to stop). */
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			serve(fd);
		}
	while (wait(NULL) > 0)
		;
	return 0;
}
