/* text.h: checks on text that people type: UTF-8, lengths, emails. */
#ifndef SLATE_TEXT_H
#define SLATE_TEXT_H

/* Bytes that hold n characters of UTF-8 (as a VARCHAR(n) column) and a NUL. */
#define TEXT_BYTES(n)	(4 * (n) + 1)

/* Counts the code points of a UTF-8 string; returns -1 if it is not UTF-8. */
long	utf8_length(const char *s);

/* Returns 1 when s holds a control character (U+0000 to U+001F, DEL). */
int	text_has_controls(const char *s);

/*
 * Checks a one-line field: valid UTF-8, no control characters, at most
 * max characters, not empty when required. Returns NULL when fine, or
 * a message to show beside the field.
 */
const char	*text_problem(const char *s, long max, int required);

/* Checks an email address. Returns NULL when fine, or a message. */
const char	*email_problem(const char *s);

/* Lowercases the ASCII letters of s in place. */
void	text_lower_ascii(char *s);

#endif
