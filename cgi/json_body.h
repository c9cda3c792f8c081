/* json_body.h: strict JSON request bodies: parsing with the lane API's limits, and typed fields. */
#ifndef SLATE_JSON_BODY_H
#define SLATE_JSON_BODY_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#define JSON_BODY_MAX		(256 * 1024)	/* bytes of a request body */
#define JSON_BODY_DEPTH		16		/* arrays and objects, nested */
#define JSON_AMOUNT_MAX		9007199254740991LL	/* 2^53 - 1 */

/* What was wrong with a body or a field; each is an API error code. */
enum json_problem {
	JSON_OK = 0,
	JSON_INVALID,		/* invalid_json: not JSON, truncated, too deep, a key twice */
	JSON_BAD_REQUEST	/* invalid_request: well formed, but a field is wrong */
};

/*
 * Parses the len bytes at data as one JSON value: UTF-8, nothing after
 * it, no key twice in an object, at most JSON_BODY_DEPTH levels of
 * arrays and objects. An integer too large for jansson is a number out
 * of range (JSON_BAD_REQUEST), not broken JSON. On JSON_OK *out is the
 * value (the caller frees it with json_decref); otherwise a message for
 * people is written to msg. Returns an enum json_problem.
 */
enum json_problem	json_body_parse(const char *data, size_t len,
			    json_t **out, char *msg, size_t msglen);

/* The depth of v: 0 for a scalar, 1 for a flat array or object, ... */
int	json_depth(const json_t *v);

/*
 * Reads string field key of object obj into *out (valid as long as
 * obj): at most max characters, no control characters (U+0000 to
 * U+001F, an escaped NUL among them), not empty. A field that is absent is fine when not required
 * (*out is then NULL). Returns JSON_OK or JSON_BAD_REQUEST with a
 * message in msg.
 */
enum json_problem	json_field_string(const json_t *obj, const char *key,
			    int required, long max, const char **out,
			    char *msg, size_t msglen);

/*
 * Reads amount field key of obj into *out: an integer (never a real or
 * a string) from 1 to JSON_AMOUNT_MAX. Returns JSON_OK or
 * JSON_BAD_REQUEST with a message.
 */
enum json_problem	json_field_amount(const json_t *obj, const char *key,
			    int64_t *out, char *msg, size_t msglen);

/*
 * Reads boolean field key of obj into *out (dflt when absent). Returns
 * JSON_OK or JSON_BAD_REQUEST with a message.
 */
enum json_problem	json_field_bool(const json_t *obj, const char *key,
			    int dflt, int *out, char *msg, size_t msglen);

/* True when s is an RFC 3339 date and time ("2026-11-23T09:59:58Z", "...+01:00", fractions allowed). */
int	json_rfc3339_valid(const char *s);

#endif
