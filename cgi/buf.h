/* buf.h: a growable byte buffer for building responses and strings. */
#ifndef SLATE_BUF_H
#define SLATE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated when not NULL */
	size_t	 len;
	size_t	 cap;
};

/* Appends len bytes of s. Returns 0, or -1 when memory runs out. */
int	buf_append(struct buf *b, const char *s, size_t len);

/* Appends a NUL-terminated string. Returns 0 or -1 as buf_append. */
int	buf_puts(struct buf *b, const char *s);

/* Appends printf-style formatted text. Returns 0 or -1. */
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Empties the buffer but keeps its memory for reuse. */
void	buf_reset(struct buf *b);

/* Frees the buffer's memory and leaves it empty. */
void	buf_free(struct buf *b);

#endif
