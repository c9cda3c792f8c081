/* token.h: random secrets, their hashes, and constant-time comparison. */
#ifndef SLATE_TOKEN_H
#define SLATE_TOKEN_H

#include <stddef.h>

#define TOKEN_BYTES	32			/* 256 random bits */
#define TOKEN_HEXLEN	(2 * TOKEN_BYTES)
#define HASH_BYTES	32			/* SHA-256 */

/*
 * Fills out (TOKEN_HEXLEN + 1 bytes) with a new random token from
 * RAND_bytes, written as lowercase hex. Returns 0, or -1 when the
 * random generator fails (the caller must not go on).
 */
int	token_new(char out[TOKEN_HEXLEN + 1]);

/* Writes the SHA-256 of the len bytes at s into out. Returns 0 or -1. */
int	token_hash(const char *s, size_t len, unsigned char out[HASH_BYTES]);

/* Writes len bytes at in as lowercase hex into out (2 * len + 1 bytes). */
void	hex_encode(const unsigned char *in, size_t len, char *out);

/*
 * Decodes the hex string s into exactly len bytes at out. Returns 0,
 * or -1 when s is not 2 * len hex digits.
 */
int	hex_decode(const char *s, unsigned char *out, size_t len);

/*
 * Compares two NUL-terminated strings in time that depends only on
 * their lengths. Returns 1 when equal, 0 otherwise.
 */
int	token_equal(const char *a, const char *b);

#endif
