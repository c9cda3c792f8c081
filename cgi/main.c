/* main.c: slate-fcgi: a supervisor that keeps N single-threaded FastCGI workers running. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <mysql.h>

#include "config.h"
#include "db.h"
#include "dispatch.h"
#include "lane.h"
#include "log.h"

/* Room for every lane of a big store polling at once after a restart (capped by net.core.somaxconn). */
#define LISTEN_BACKLOG	1024
#define STOP_GRACE	10	/* seconds a worker may take to finish */

static volatile sig_atomic_t	 stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Installs handler for SIGTERM and SIGINT, without SA_RESTART so accept() returns. */
static void
catch_stop_signals(void (*handler)(int))
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
}

/* A worker: one request at a time, until asked to stop. Never returns. */
static void
worker_run(const struct config *cfg, int listen_fd)
{
	FCGX_Request	 req;
	struct db	*db;

	catch_stop_signals(on_stop);
	signal(SIGPIPE, SIG_IGN);
	srand((unsigned)(getpid() ^ time(NULL)));
	if (mysql_library_init(0, NULL, NULL) != 0) {
		log_error("worker: cannot start the database library");
		_exit(1);
	}
	db = db_open(cfg);
	/* A stop signal must end a wait in accept(), not restart it. */
	if (FCGX_InitRequest(&req, listen_fd, FCGI_FAIL_ACCEPT_ON_INTR) != 0) {
		log_error("worker: cannot set up the FastCGI request");
		_exit(1);
	}
	while (!stopping && FCGX_Accept_r(&req) >= 0) {
		dispatch(&req, cfg, db);
		FCGX_Finish_r(&req);
	}
	FCGX_Free(&req, 1);
	db_close(db);
	mysql_library_end();
	_exit(0);
}

static pid_t
worker_start(const struct config *cfg, int listen_fd)
{
	pid_t	 pid = fork();

	if (pid == 0)
		worker_run(cfg, listen_fd);
	if (pid == -1)
		log_error("supervisor: fork: %s", strerror(errno));
	return pid;
}

/* Opens the listening socket: SLATE_FCGI_SOCKET, or the one on fd 0. */
static int
open_listener(const struct config *cfg)
{
	int	 fd;

	if (cfg->fcgi_socket == NULL)
		return 0;
	(void)unlink(cfg->fcgi_socket);
	if ((fd = FCGX_OpenSocket(cfg->fcgi_socket, LISTEN_BACKLOG)) < 0) {
		log_error("cannot listen on %s", cfg->fcgi_socket);
		return -1;
	}
	/* Only the owner and its group (nginx's) may connect. */
	if (chmod(cfg->fcgi_socket, 0660) == -1) {
		log_error("chmod %s: %s", cfg->fcgi_socket, strerror(errno));
		return -1;
	}
	return fd;
}

/*
 * Removes the socket file when it is still the one this supervisor
 * made: a newer instance may already listen at the same path.
 */
static void
remove_listener(const struct config *cfg, const struct stat *made)
{
	struct stat	 now;

	if (cfg->fcgi_socket != NULL && stat(cfg->fcgi_socket, &now) == 0 &&
	    now.st_dev == made->st_dev && now.st_ino == made->st_ino)
		(void)unlink(cfg->fcgi_socket);
}

/* Stops every worker: TERM, a grace period, then KILL. */
static void
stop_workers(pid_t *pids, int n)
{
	int	 i, alive, waited;

	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (waited = 0; waited < STOP_GRACE * 10; waited++) {
		for (alive = 0, i = 0; i < n; i++) {
			if (pids[i] > 0 && waitpid(pids[i], NULL, WNOHANG) != 0)
				pids[i] = 0;
			alive += pids[i] > 0;
		}
		if (alive == 0)
			return;
		usleep(100000);
	}
	for (i = 0; i < n; i++)
		if (pids[i] > 0) {
			kill(pids[i], SIGKILL);
			waitpid(pids[i], NULL, 0);
		}
}

/* Replaces worker pid after it died; pauses when workers die in a burst. */
static void
replace_worker(const struct config *cfg, int listen_fd, pid_t *pids,
    pid_t dead, int status, time_t *burst_start, int *burst)
{
	time_t	 now = time(NULL);
	int	 i;

	for (i = 0; i < cfg->workers && pids[i] != dead; i++)
		continue;
	if (i == cfg->workers)
		return;
	if (WIFSIGNALED(status))
		log_error("supervisor: worker %ld died of signal %d; "
		    "starting another", (long)dead, WTERMSIG(status));
	else
		log_error("supervisor: worker %ld exited with %d; starting "
		    "another", (long)dead, WEXITSTATUS(status));
	if (now - *burst_start > 10) {
		*burst_start = now;
		*burst = 0;
	}
	if (++*burst > 2 * cfg->workers)
		sleep(1);
	pids[i] = worker_start(cfg, listen_fd);
}

int
main(void)
{
	struct config	 cfg;
	pid_t		*pids, dead;
	time_t		 burst_start = 0;
	struct stat	 listen_st;
	int		 listen_fd, i, status, burst = 0;

	setvbuf(stderr, NULL, _IOLBF, 0);
	if (config_load(&cfg) == -1)
		return 2;
	if (FCGX_Init() != 0) {
		log_error("cannot start the FastCGI library");
		return 1;
	}
	if ((listen_fd = open_listener(&cfg)) < 0)
		return 1;
	if (cfg.fcgi_socket != NULL && stat(cfg.fcgi_socket, &listen_st) == -1)
		memset(&listen_st, 0, sizeof(listen_st));
	if ((pids = calloc((size_t)cfg.workers, sizeof(*pids))) == NULL)
		return 1;
	/* One rate limit per lane, whichever worker answers it. */
	if (lane_rate_share() == -1)
		log_error("supervisor: cannot share the lanes' rate limit: "
		    "each worker keeps its own");
	catch_stop_signals(on_stop);
	for (i = 0; i < cfg.workers; i++)
		pids[i] = worker_start(&cfg, listen_fd);
	log_info("supervisor: %d workers on %s", cfg.workers,
	    cfg.fcgi_socket ? cfg.fcgi_socket : "fd 0");
	while (!stopping) {
		dead = waitpid(-1, &status, 0);
		if (dead == -1) {
			if (errno != EINTR)
				sleep(1);
			continue;
		}
		if (!stopping)
			replace_worker(&cfg, listen_fd, pids, dead, status,
			    &burst_start, &burst);
	}
	stop_workers(pids, cfg.workers);
	remove_listener(&cfg, &listen_st);
	free(pids);
	log_info("supervisor: stopped");
	return 0;
}
