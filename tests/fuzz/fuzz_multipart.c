/* fuzz_multipart.c: multipart_boundary and multipart_parse on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipart.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The input is a Content-Type value, a newline, then the body; without
 * a newline it is all body, with a fixed boundary.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			 boundary[MULTIPART_BOUNDARY_MAX + 1] = "b";
	const uint8_t		*nl = memchr(data, '\n', size);
	struct params		 form = { 0 };
	struct uploads		 files = { 0 };
	enum parse_result	 rc;
	char			*type, *body;
	size_t			 i, j, len;
	volatile unsigned	 sum = 0;

	if (nl != NULL) {
		if ((type = strndup((const char *)data, (size_t)(nl - data))) ==
		    NULL)
			return 0;
		rc = multipart_boundary(type, boundary);
		if (rc != PARSE_OK && rc != PARSE_INVALID)
			abort();
		if (rc == PARSE_OK && (!multipart_is_form(type) ||
		    boundary[0] == '\0' ||
		    strlen(boundary) > MULTIPART_BOUNDARY_MAX))
			abort();
		free(type);
		if (rc != PARSE_OK)
			strcpy(boundary, "b");
		size -= (size_t)(nl - data) + 1;
		data = nl + 1;
	}
	/* An exact-sized copy, so reading past the body is caught. */
	if ((body = malloc(size ? size : 1)) == NULL)
		return 0;
	memcpy(body, data, size);
	len = size;
	rc = multipart_parse(body, len, boundary, &form, &files);
	if (rc != PARSE_OK && rc != PARSE_INVALID && rc != PARSE_TOO_LARGE &&
	    rc != PARSE_NOMEM)
		abort();
	if (form.count + files.count > MULTIPART_MAX_PARTS)
		abort();
	for (i = 0; i < form.count; i++)
		if (form.items[i].name[0] == '\0' ||
		    strlen(form.items[i].name) > PARAMS_MAX_NAME ||
		    form.items[i].valuelen > PARAMS_MAX_VALUE ||
		    strlen(form.items[i].value) != form.items[i].valuelen)
			abort();
	for (i = 0; i < files.count; i++) {
		if (files.items[i].field[0] == '\0' ||
		    files.items[i].data < body ||
		    files.items[i].data + files.items[i].len > body + len)
			abort();
		/* Read every byte: the sanitizers check they are the body's. */
		for (j = 0; j < files.items[i].len; j++)
			sum += (unsigned char)files.items[i].data[j];
		if (uploads_get(&files, files.items[i].field) == NULL)
			abort();
	}
	uploads_free(&files);
	params_free(&form);
	free(body);
	return (int)(sum & 0);
}
