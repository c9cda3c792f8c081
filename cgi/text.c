/* text.c: checks on text that people type: UTF-8, lengths, emails. */
#include <ctype.h>
#include <string.h>

#include "text.h"

long
utf8_length(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	long			 n = 0;
	int			 more, i;
	unsigned long		 cp, min;

	while (*p != '\0') {
		if (*p < 0x80) {
			p++;
			n++;
			continue;
		} else if ((*p & 0xe0) == 0xc0) {
			more = 1, cp = *p & 0x1f, min = 0x80;
		} else if ((*p & 0xf0) == 0xe0) {
			more = 2, cp = *p & 0x0f, min = 0x800;
		} else if ((*p & 0xf8) == 0xf0) {
			more = 3, cp = *p & 0x07, min = 0x10000;
		} else
			return -1;
		for (i = 1; i <= more; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return -1;
			cp = cp << 6 | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return -1;
		p += more + 1;
		n++;
	}
	return n;
}

int
text_has_controls(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

const char *
text_problem(const char *s, long max, int required)
{
	long	 len = utf8_length(s);

	if (len < 0)
		return "This is not valid text.";
	if (text_has_controls(s))
		return "This may not contain control characters.";
	if (required && len == 0)
		return "This is required.";
	if (len > max)
		return "This is too long.";
	return NULL;
}

const char *
email_problem(const char *s)
{
	const char	*at = strchr(s, '@'), *p;
	size_t		 len = strlen(s);

	if (len == 0)
		return "Enter an email address.";
	if (len > 254 || text_has_controls(s) || utf8_length(s) < 0)
		return "Enter a valid email address.";
	if (at == NULL || at == s || strchr(at + 1, '@') != NULL ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' || s[len - 1] == '.')
		return "Enter a valid email address, such as name@example.com.";
	for (p = s; *p != '\0'; p++)
		if (isspace((unsigned char)*p))
			return "An email address has no spaces.";
	return NULL;
}

void
text_lower_ascii(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}
