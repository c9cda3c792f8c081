/* fcgi-hello.c: the least a libfcgi program can do per request, the yardstick for the lane feed's empty poll (bench/lanes). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fcgiapp.h>

/*
 * Usage: fcgi-hello SOCKET [WORKERS]. Listens on the Unix socket SOCKET
 * with WORKERS processes (default: the cores), each answering every
 * request with 200 and a small JSON body, until it is sent TERM.
 */
static void
serve(int fd)
{
	FCGX_Request	 req;

	FCGX_InitRequest(&req, fd, 0);
	while (FCGX_Accept_r(&req) >= 0) {
		FCGX_PutS("Status: 200 OK\r\nContent-Type: application/json\r\n"
		    "\r\n{\"hello\":true}\n", req.out);
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
		fprintf(stderr, "usage: fcgi-hello SOCKET [WORKERS]\n");
		return 2;
	}
	FCGX_Init();
	unlink(argv[1]);
	if ((fd = FCGX_OpenSocket(argv[1], 128)) < 0) {
		fprintf(stderr, "fcgi-hello: cannot listen on %s\n", argv[1]);
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
