/* fuzz_urlencoded.c: params_parse_urlencoded on arbitrary bytes. */
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

	/* An exact-sized copy, so reading past size is caught. */
	if ((s = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	rc = params_parse_urlencoded(&p, s, size);
	if (rc != PARSE_OK && rc != PARSE_INVALID && rc != PARSE_TOO_LARGE &&
	    rc != PARSE_NOMEM)
		abort();
	if (p.count > PARAMS_MAX_FIELDS)
		abort();
	for (i = 0; i < p.count; i++) {
		/* Names are non-empty C strings; values carry their length. */
		if (p.items[i].name[0] == '\0' ||
		    strlen(p.items[i].name) > PARAMS_MAX_NAME ||
		    p.items[i].valuelen > PARAMS_MAX_VALUE ||
		    p.items[i].value[p.items[i].valuelen] != '\0')
			abort();
		if (params_get(&p, p.items[i].name) == NULL ||
		    params_count(&p, p.items[i].name) == 0)
			abort();
	}
	params_free(&p);
	if (p.count != 0 || p.items != NULL)
		abort();
	free(s);
	return 0;
}
