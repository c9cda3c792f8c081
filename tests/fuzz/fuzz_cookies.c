/* fuzz_cookies.c: params_parse_cookies on an arbitrary Cookie header. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct params		 p = { 0 };
	enum parse_result	 rc;
	size_t			 i;
	char			*s;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	rc = params_parse_cookies(&p, s);
	if (rc != PARSE_OK && rc != PARSE_TOO_LARGE && rc != PARSE_NOMEM)
		abort();
	if (p.count > PARAMS_MAX_FIELDS)
		abort();
	for (i = 0; i < p.count; i++) {
		/* Cookie values are never decoded: they are C strings. */
		if (p.items[i].name[0] == '\0' ||
		    strlen(p.items[i].name) > PARAMS_MAX_NAME ||
		    strlen(p.items[i].value) != p.items[i].valuelen ||
		    p.items[i].valuelen > PARAMS_MAX_VALUE ||
		    strchr(p.items[i].name, ';') != NULL ||
		    strchr(p.items[i].name, '=') != NULL ||
		    strchr(p.items[i].value, ';') != NULL)
			abort();
	}
	params_free(&p);
	free(s);
	return 0;
}
