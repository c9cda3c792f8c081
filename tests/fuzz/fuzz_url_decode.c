/* fuzz_url_decode.c: url_decode on arbitrary bytes, both '+' modes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum parse_result	 rc;
	char			*s, *out;
	size_t			 outlen, i, pct = 0;
	int			 plus;

	if ((s = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	for (i = 0; i < size; i++)
		pct += s[i] == '%';
	for (plus = 0; plus <= 1; plus++) {
		out = NULL;
		rc = url_decode(s, size, plus, &out, &outlen);
		if (rc == PARSE_NOMEM)
			continue;
		if (rc == PARSE_INVALID) {
			/* Only a bad escape is invalid. */
			if (pct == 0 || out != NULL)
				abort();
			continue;
		}
		if (rc != PARSE_OK || out == NULL || out[outlen] != '\0')
			abort();
		/* Each escape turns three bytes into one. */
		if (outlen != size - 2 * pct)
			abort();
		if (pct == 0 && !plus && memcmp(out, s, size) != 0)
			abort();
		free(out);
	}
	free(s);
	return 0;
}
