/* token.c: random secrets, their hashes, and constant-time comparison. */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "token.h"

int
token_new(char out[TOKEN_HEXLEN + 1])
{
	unsigned char	 raw[TOKEN_BYTES];

	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -1;
	hex_encode(raw, sizeof(raw), out);
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

int
token_hash(const char *s, size_t len, unsigned char out[HASH_BYTES])
{
	unsigned int	 outlen = HASH_BYTES;

	if (EVP_Digest(s, len, out, &outlen, EVP_sha256(), NULL) != 1)
		return -1;
	return outlen == HASH_BYTES ? 0 : -1;
}

void
hex_encode(const unsigned char *in, size_t len, char *out)
{
	static const char	 digits[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 0xf];
	}
	out[2 * len] = '\0';
}

static int
hexdigit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
hex_decode(const char *s, unsigned char *out, size_t len)
{
	size_t	 i;
	int	 hi, lo;

	if (strlen(s) != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		hi = hexdigit(s[2 * i]);
		lo = hexdigit(s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

int
token_equal(const char *a, const char *b)
{
	size_t	 la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}
