/* mail.c: plain-text email: an RFC 5322 message built safely and handed to the configured sendmail command. */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "buf.h"
#include "log.h"
#include "mail.h"
#include "text.h"
#include "token.h"

#define MAIL_WAIT	30	/* seconds the sendmail command may take */
#define QP_LINE		76	/* characters of a quoted-printable line */
#define WORD_BYTES	39	/* bytes of text in one encoded word: 52 in base64, a line under 76 */
#define COMMAND_MAX	1024	/* bytes of the sendmail command */

/* ------------------------------------------------------------ headers */

int
mail_address_ok(const char *s)
{
	const char	*at = strchr(s, '@');
	const char	*p;

	if (at == NULL || at == s || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strlen(s) > 254)
		return 0;
	for (p = s; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f ||
		    strchr(",;:<>()\"\\[]", *p) != NULL)
			return 0;
	return 1;
}

const char *
mail_address_problem(const char *s)
{
	const char	*bad;

	if ((bad = email_problem(s)) != NULL)
		return bad;
	if (!mail_address_ok(s))
		return "Slate can only send mail to an address of plain letters, "
		    "digits and . _ % + - ' (no accents, and none of "
		    ", ; : < > ( ) \" [ ]).";
	return NULL;
}

/* True when s holds a CR, LF or another control character. */
static int
header_unsafe(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < ' ' || (unsigned char)*s == 0x7f)
			return 1;
	return 0;
}

/* True when s is all printable ASCII (and spaces). */
static int
header_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* The length of the first UTF-8 sequences of s that fit in max bytes, never splitting one. */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	size_t	 n;

	if (len <= max)
		return len;
	n = max;
	/* Step back over continuation bytes to the start of a character. */
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n > 0 ? n : max;
}

/* Appends subject as RFC 2047 encoded words (base64), folded between words. */
static int
subject_encode(struct buf *out, const char *s)
{
	unsigned char	 b64[4 * ((WORD_BYTES + 2) / 3) + 1];
	size_t		 len = strlen(s), n;
	int		 first = 1;

	while (len > 0) {
		n = utf8_cut(s, len, WORD_BYTES);
		EVP_EncodeBlock(b64, (const unsigned char *)s, (int)n);
		if (buf_printf(out, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ",
		    (const char *)b64) == -1)
			return -1;
		first = 0;
		s += n;
		len -= n;
	}
	return 0;
}

/* Appends the Subject header. */
static int
subject_put(struct buf *out, const char *subject)
{
	if (buf_puts(out, "Subject: ") == -1)
		return -1;
	if (header_plain(subject) && strlen(subject) <= 900) {
		if (buf_puts(out, subject) == -1)
			return -1;
	} else if (subject_encode(out, subject) == -1)
		return -1;
	return buf_puts(out, "\r\n");
}

/* Appends the Date header for now, in UTC, as RFC 5322 writes it. */
static int
date_put(struct buf *out, time_t now)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed",
	    "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr",
	    "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct tm	 tm;

	if (gmtime_r(&now, &tm) == NULL)
		return -1;
	return buf_printf(out, "Date: %s, %d %s %d %02d:%02d:%02d +0000\r\n",
	    days[tm.tm_wday], tm.tm_mday, months[tm.tm_mon],
	    tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int
mail_message_id(const char *from, char out[MAIL_ID_MAX])
{
	unsigned char	 raw[16];
	char		 hex[2 * sizeof(raw) + 1];
	const char	*at = from != NULL ? strchr(from, '@') : NULL;
	const char	*domain = at != NULL && at[1] != '\0' ? at + 1 :
			    "localhost";

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	hex_encode(raw, sizeof(raw), hex);
	if (strlen(domain) > MAIL_ID_MAX - sizeof(hex) - 4)
		domain = "localhost";
	snprintf(out, MAIL_ID_MAX, "<%s@%s>", hex, domain);
	return 0;
}

/* ------------------------------------------------------------ body */

/* Appends one byte of text as quoted-printable, keeping lines short. */
static int
qp_byte(struct buf *out, unsigned char c, int last_on_line, size_t *col)
{
	char	 enc[4];
	int	 literal;

	literal = (c >= 33 && c <= 126 && c != '=') ||
	    ((c == ' ' || c == '\t') && !last_on_line);
	if (*col + (literal ? 1 : 3) > QP_LINE - 1) {
		if (buf_puts(out, "=\r\n") == -1)
			return -1;
		*col = 0;
	}
	if (literal) {
		*col += 1;
		return buf_append(out, (const char *)&c, 1);
	}
	snprintf(enc, sizeof(enc), "=%02X", c);
	*col += 3;
	return buf_append(out, enc, 3);
}

/* Appends body as quoted-printable with CRLF line ends; a final line break is added. */
static int
qp_body(struct buf *out, const char *body)
{
	const unsigned char	*p = (const unsigned char *)body;
	size_t			 col = 0;
	int			 last;

	for (; *p != '\0'; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			if (buf_puts(out, "\r\n") == -1)
				return -1;
			col = 0;
			continue;
		}
		last = p[1] == '\0' || p[1] == '\n' ||
		    (p[1] == '\r' && p[2] == '\n');
		if (qp_byte(out, *p, last, &col) == -1)
			return -1;
	}
	return col > 0 ? buf_puts(out, "\r\n") : 0;
}

int
mail_qp(struct buf *out, const char *text)
{
	return qp_body(out, text);
}

int
mail_base64(struct buf *out, const void *data, size_t len)
{
	unsigned char		 line[QP_LINE + 1];
	const unsigned char	*p = data;
	size_t			 n;

	/* 57 bytes make one line of 76 characters. */
	while (len > 0) {
		n = len < 57 ? len : 57;
		EVP_EncodeBlock(line, p, (int)n);
		if (buf_puts(out, (const char *)line) == -1 ||
		    buf_puts(out, "\r\n") == -1)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

int
mail_headers(const struct mail *m, time_t now, const char *id,
    struct buf *out)
{
	if (m->from == NULL || m->to == NULL || m->subject == NULL ||
	    id == NULL)
		return MAIL_ERR_HEADER;
	if (!mail_address_ok(m->from) || !mail_address_ok(m->to) ||
	    header_unsafe(m->subject) || header_unsafe(id) ||
	    !header_plain(id))
		return MAIL_ERR_HEADER;
	if (buf_printf(out, "From: %s\r\nTo: %s\r\n", m->from, m->to) == -1 ||
	    subject_put(out, m->subject) == -1 ||
	    date_put(out, now) == -1 ||
	    buf_printf(out, "Message-ID: %s\r\n", id) == -1 ||
	    buf_puts(out, "MIME-Version: 1.0\r\n") == -1)
		return -1;
	return 0;
}

int
mail_build(const struct mail *m, time_t now, const char *id, struct buf *out)
{
	int	 rc;

	if (m->body == NULL)
		return MAIL_ERR_HEADER;
	if ((rc = mail_headers(m, now, id, out)) != 0)
		return rc;
	if (buf_puts(out, "Content-Type: text/plain; charset=utf-8\r\n"
	    "Content-Transfer-Encoding: quoted-printable\r\n\r\n") == -1 ||
	    qp_body(out, m->body) == -1)
		return -1;
	return 0;
}

/* ------------------------------------------------------------ sending */

/* Splits command on spaces into argv (words point into copy). Returns the count, or -1. */
static int
command_split(const char *command, char copy[COMMAND_MAX],
    char *argv[MAIL_ARGS_MAX + 1])
{
	char	*p, *save = NULL;
	int	 n = 0;

	if (strlen(command) >= COMMAND_MAX)
		return -1;
	strcpy(copy, command);
	for (p = strtok_r(copy, " ", &save); p != NULL;
	    p = strtok_r(NULL, " ", &save)) {
		if (n == MAIL_ARGS_MAX)
			return -1;
		argv[n++] = p;
	}
	argv[n] = NULL;
	return n > 0 && argv[0][0] == '/' ? n : -1;
}

/* In the child: the pipe becomes standard input, nothing else stays open, then the command runs. */
static void
child_exec(int in, char *argv[])
{
	long	 fd, max = sysconf(_SC_OPEN_MAX);
	int	 null;

	if (max < 0 || max > 65536)
		max = 65536;
	if (dup2(in, 0) == -1)
		_exit(126);
	if ((null = open("/dev/null", O_WRONLY)) != -1) {
		(void)dup2(null, 1);
		if (null > 2)
			(void)close((int)null);
	}
	for (fd = 3; fd < max; fd++)
		(void)close((int)fd);
	signal(SIGPIPE, SIG_DFL);
	execv(argv[0], argv);
	_exit(127);
}

/* Writes all len bytes of s to fd. Returns 0 or -1. */
static int
write_all(int fd, const char *s, size_t len)
{
	ssize_t	 n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Waits up to MAIL_WAIT seconds for pid; kills it after. Returns 0 when it exited with 0, else -1 with why. */
static int
child_wait(pid_t pid, const char *path, char *why, size_t why_size)
{
	struct timespec	 ts = { 0, 20 * 1000000L };
	int		 status, tries = MAIL_WAIT * 50;
	pid_t		 done;

	while ((done = waitpid(pid, &status, WNOHANG)) == 0 && tries-- > 0)
		nanosleep(&ts, NULL);
	if (done == 0) {
		kill(pid, SIGKILL);
		(void)waitpid(pid, &status, 0);
		snprintf(why, why_size, "%s took over %d s and was stopped",
		    path, MAIL_WAIT);
		return -1;
	}
	if (done == -1) {
		snprintf(why, why_size, "waiting for %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (WIFSIGNALED(status)) {
		snprintf(why, why_size, "%s was killed by signal %d", path,
		    WTERMSIG(status));
		return -1;
	}
	if (!WIFEXITED(status))
		status = -1;
	else if ((status = WEXITSTATUS(status)) == 126 || status == 127)
		snprintf(why, why_size, "could not run %s (exit status %d)",
		    path, status);
	else if (status != 0)
		snprintf(why, why_size, "%s failed with exit status %d", path,
		    status);
	return status == 0 ? 0 : -1;
}

int
mail_send_report(const char *command, const char *msg, size_t len,
    char *why, size_t why_size)
{
	struct sigaction	 ign, old;
	char			 copy[COMMAND_MAX], *argv[MAIL_ARGS_MAX + 1];
	int			 fds[2], wrote, status;
	pid_t			 pid;

	why[0] = '\0';
	if (command == NULL || command_split(command, copy, argv) == -1) {
		snprintf(why, why_size, "the sendmail command is not a path "
		    "and arguments");
		log_error("mail: %s", why);
		return MAIL_ERR_SEND;
	}
	if (pipe(fds) == -1) {
		snprintf(why, why_size, "pipe: %s", strerror(errno));
		log_error("mail: %s", why);
		return MAIL_ERR_SEND;
	}
	if ((pid = fork()) == -1) {
		snprintf(why, why_size, "fork: %s", strerror(errno));
		log_error("mail: %s", why);
		close(fds[0]);
		close(fds[1]);
		return MAIL_ERR_SEND;
	}
	if (pid == 0)
		child_exec(fds[0], argv);
	close(fds[0]);
	/* A command that exits without reading must not kill the caller. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	wrote = write_all(fds[1], msg, len);
	close(fds[1]);
	sigaction(SIGPIPE, &old, NULL);
	status = child_wait(pid, argv[0], why, why_size);
	if (status == 0 && wrote == -1) {
		snprintf(why, why_size, "%s did not read the whole message",
		    argv[0]);
		status = -1;
	}
	if (status != 0) {
		log_error("mail: %s", why);
		return MAIL_ERR_SEND;
	}
	return 0;
}

int
mail_send(const char *command, const char *msg, size_t len)
{
	char	 why[256];

	return mail_send_report(command, msg, len, why, sizeof(why));
}
