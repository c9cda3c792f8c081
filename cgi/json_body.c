/* json_body.c: strict JSON request bodies: parsing with the lane API's limits, and typed fields. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "json_body.h"
#include "text.h"

/* True when v nests deeper than limit levels; stops looking past it. */
static int
json_deeper_than(const json_t *v, int limit)
{
	const char	*key;
	json_t		*item;
	size_t		 i;

	if (!json_is_object(v) && !json_is_array(v))
		return 0;
	if (limit == 0)
		return 1;
	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (json_deeper_than(item, limit - 1))
				return 1;
		return 0;
	}
	/* json_object_foreach needs a non-const object; it only reads. */
	json_object_foreach((json_t *)v, key, item)
		if (json_deeper_than(item, limit - 1))
			return 1;
	return 0;
}

int
json_depth(const json_t *v)
{
	int	 d = 0;

	while (json_deeper_than(v, d))
		d++;
	return d;
}

enum json_problem
json_body_parse(const char *data, size_t len, json_t **out, char *msg,
    size_t msglen)
{
	json_error_t	 e;
	json_t		*v;

	*out = NULL;
	if (len == 0) {
		snprintf(msg, msglen, "the body is empty");
		return JSON_INVALID;
	}
	/* An escaped NUL is JSON; json_field_string refuses it as a control character. */
	v = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &e);
	if (v == NULL) {
		if (json_error_code(&e) == json_error_numeric_overflow) {
			snprintf(msg, msglen, "a number is out of range");
			return JSON_BAD_REQUEST;
		}
		snprintf(msg, msglen, "the body is not JSON: %s at byte %d",
		    e.text, e.position);
		return JSON_INVALID;
	}
	if (json_deeper_than(v, JSON_BODY_DEPTH)) {
		json_decref(v);
		snprintf(msg, msglen, "the body nests deeper than %d levels",
		    JSON_BODY_DEPTH);
		return JSON_INVALID;
	}
	*out = v;
	return JSON_OK;
}

enum json_problem
json_field_string(const json_t *obj, const char *key, int required, long max,
    const char **out, char *msg, size_t msglen)
{
	const json_t	*v = json_object_get(obj, key);
	const char	*s;
	long		 n;

	*out = NULL;
	if (v == NULL) {
		if (!required)
			return JSON_OK;
		snprintf(msg, msglen, "%s is missing", key);
		return JSON_BAD_REQUEST;
	}
	if (!json_is_string(v)) {
		snprintf(msg, msglen, "%s must be a string", key);
		return JSON_BAD_REQUEST;
	}
	s = json_string_value(v);
	/* A NUL (JSON_ALLOW_NUL) would end the string early: it is one too. */
	if (strlen(s) != json_string_length(v) || text_has_controls(s)) {
		snprintf(msg, msglen, "%s must not contain control characters",
		    key);
		return JSON_BAD_REQUEST;
	}
	if ((n = utf8_length(s)) <= 0 || n > max) {
		snprintf(msg, msglen, "%s must be 1 to %ld characters", key,
		    max);
		return JSON_BAD_REQUEST;
	}
	*out = s;
	return JSON_OK;
}

enum json_problem
json_field_amount(const json_t *obj, const char *key, int64_t *out, char *msg,
    size_t msglen)
{
	const json_t	*v = json_object_get(obj, key);
	json_int_t	 n;

	*out = 0;
	if (v == NULL) {
		snprintf(msg, msglen, "%s is missing", key);
		return JSON_BAD_REQUEST;
	}
	if (!json_is_integer(v) || (n = json_integer_value(v)) < 1 ||
	    n > JSON_AMOUNT_MAX) {
		snprintf(msg, msglen, "%s must be a positive integer of minor "
		    "units, at most %lld", key, (long long)JSON_AMOUNT_MAX);
		return JSON_BAD_REQUEST;
	}
	*out = (int64_t)n;
	return JSON_OK;
}

enum json_problem
json_field_bool(const json_t *obj, const char *key, int dflt, int *out,
    char *msg, size_t msglen)
{
	const json_t	*v = json_object_get(obj, key);

	*out = dflt;
	if (v == NULL)
		return JSON_OK;
	if (!json_is_boolean(v)) {
		snprintf(msg, msglen, "%s must be true or false", key);
		return JSON_BAD_REQUEST;
	}
	*out = json_is_true(v);
	return JSON_OK;
}

/* True when the n characters at s are digits. */
static int
digits(const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* The two digits at s as a number. */
static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

int
json_rfc3339_valid(const char *s)
{
	const char	*p;

	/* YYYY-MM-DDTHH:MM:SS */
	if (strlen(s) < 20 || !digits(s, 4) || s[4] != '-' ||
	    !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2) ||
	    (s[10] != 'T' && s[10] != 't') || !digits(s + 11, 2) ||
	    s[13] != ':' || !digits(s + 14, 2) || s[16] != ':' ||
	    !digits(s + 17, 2))
		return 0;
	if (two(s + 5) < 1 || two(s + 5) > 12 || two(s + 8) < 1 ||
	    two(s + 8) > 31 || two(s + 11) > 23 || two(s + 14) > 59 ||
	    two(s + 17) > 60)
		return 0;
	p = s + 19;
	if (*p == '.') {
		if (!isdigit((unsigned char)p[1]))
			return 0;
		for (p++; isdigit((unsigned char)*p); p++)
			;
	}
	if ((*p == 'Z' || *p == 'z') && p[1] == '\0')
		return 1;
	return (*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' &&
	    digits(p + 4, 2) && p[6] == '\0' && two(p + 1) <= 23 &&
	    two(p + 4) <= 59;
}
