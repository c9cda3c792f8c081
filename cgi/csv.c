/* csv.c: CSV cells for exports, guarded against spreadsheet formulas. */
#include <string.h>

#include "buf.h"
#include "csv.h"

int
csv_cell(struct buf *b, const char *s, int first)
{
	int	 quote = strpbrk(s, ",\"\r\n") != NULL;

	if ((!first && buf_puts(b, ",") == -1) ||
	    (quote && buf_puts(b, "\"") == -1) ||
	    (*s != '\0' && strchr("=+-@\t\r", *s) != NULL &&
	    buf_puts(b, "'") == -1))
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == '"' && buf_puts(b, "\"\"") == -1)
			return -1;
		if (*s != '"' && buf_append(b, s, 1) == -1)
			return -1;
	}
	return quote ? buf_puts(b, "\"") : 0;
}

int
csv_number_cell(struct buf *b, const char *s, int first)
{
	const char	*digits = *s == '-' ? s + 1 : s;

	if (*digits == '\0' || strspn(digits, "0123456789.") != strlen(digits))
		return csv_cell(b, s, first);
	if (!first && buf_puts(b, ",") == -1)
		return -1;
	return buf_puts(b, s);
}

int
csv_end(struct buf *b)
{
	return buf_puts(b, "\r\n");
}
