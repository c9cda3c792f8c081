/* mail.h: plain-text email: an RFC 5322 message built safely and handed to the configured sendmail command. */
#ifndef SLATE_MAIL_H
#define SLATE_MAIL_H

#include <time.h>

struct buf;

/* Failures, below every enum db_result and LEDGER_ERR_*: a transaction never takes them for one of those. */
#define MAIL_ERR_HEADER	(-50)	/* a header value Slate will not send */
#define MAIL_ERR_SEND	(-51)	/* the sendmail command failed */

#define MAIL_ID_MAX	96	/* a Message-ID with its angle brackets and NUL */
#define MAIL_ARGS_MAX	16	/* words of the sendmail command */

/* One message to send. Every string is UTF-8. */
struct mail {
	const char	*from;		/* an address: "slate@example.com" */
	const char	*to;		/* one address */
	const char	*subject;	/* one line; encoded when not ASCII */
	const char	*body;		/* text, lines ending in '\n' */
};

/*
 * True when s is an address Slate puts in a header as it is: printable
 * ASCII with one '@', no spaces and nothing that would make it more
 * than one address or a display name (, ; : < > ( ) " \ [ ]).
 */
int	mail_address_ok(const char *s);

/*
 * What is wrong with s as an address Slate will send mail to (a
 * customer's, a statement's), for people: email_problem's answer, or
 * that the address has characters mail_address_ok refuses; NULL when it
 * is fine.
 */
const char	*mail_address_problem(const char *s);

/*
 * Makes a new Message-ID ("<hex@domain>", the domain that of from)
 * into out. Returns 0, or -1 when no randomness was had.
 */
int	mail_message_id(const char *from, char out[MAIL_ID_MAX]);

/*
 * Appends m as an RFC 5322 message to out: From, To, Subject (RFC 2047
 * encoded words when it is not plain ASCII), Date (now, UTC),
 * Message-ID (id), MIME-Version, a text/plain UTF-8 body in
 * quoted-printable; lines end in CRLF. A header value with a CR, LF or
 * other control character, or an address mail_address_ok refuses, is
 * never written. Returns 0, MAIL_ERR_HEADER, or -1 when memory runs out.
 */
int	mail_build(const struct mail *m, time_t now, const char *id,
	    struct buf *out);

/*
 * Appends the headers every message has to out: From, To, Subject
 * (encoded words when not plain ASCII), Date (now, UTC), Message-ID
 * (id) and MIME-Version, each ending in CRLF; m->body is not used. The
 * caller adds Content-Type and what follows. Refuses what mail_build
 * refuses. Returns 0, MAIL_ERR_HEADER, or -1 when memory runs out.
 */
int	mail_headers(const struct mail *m, time_t now, const char *id,
	    struct buf *out);

/*
 * Appends text as quoted-printable with CRLF line ends (lines at most
 * 76 characters, '\n' or "\r\n" in text end a line); a final line
 * break is added when text does not end in one. Returns 0 or -1.
 */
int	mail_qp(struct buf *out, const char *text);

/*
 * Appends the len bytes of data in base64, 76 characters a line, each
 * line ending in CRLF. Returns 0 or -1.
 */
int	mail_base64(struct buf *out, const void *data, size_t len);

/*
 * Like mail_send, and says why it failed in why (why_size bytes, for
 * people: "exit status 75", "killed by signal 9", "could not run
 * /usr/sbin/sendmail", "took over 30 s"); why is "" on success.
 */
int	mail_send_report(const char *command, const char *msg, size_t len,
	    char *why, size_t why_size);

/*
 * Runs command (a program path and its arguments, separated by spaces:
 * "/usr/sbin/sendmail -t -oi"; no shell) with the len bytes of msg on
 * its standard input, and waits for it (at most 30 seconds).
 * Returns 0 when it exited with status 0, else MAIL_ERR_SEND (logged).
 */
int	mail_send(const char *command, const char *msg, size_t len);

#endif
