/* password.c: password hashing (PBKDF2-HMAC-SHA256) and checking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "password.h"
#include "text.h"
#include "token.h"

#define SALT_BYTES	16
#define DK_BYTES	32
#define SCHEME		"pbkdf2-sha256"

static int
derive(const char *password, const unsigned char *salt, unsigned iterations,
    unsigned char dk[DK_BYTES])
{
	return PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt,
	    SALT_BYTES, (int)iterations, EVP_sha256(), DK_BYTES, dk) == 1 ?
	    0 : -1;
}

int
password_hash(const char *password, unsigned iterations,
    char out[PASSWORD_HASH_MAX])
{
	unsigned char	 salt[SALT_BYTES], dk[DK_BYTES];
	char		 salthex[2 * SALT_BYTES + 1], dkhex[2 * DK_BYTES + 1];

	if (RAND_bytes(salt, sizeof(salt)) != 1 ||
	    derive(password, salt, iterations, dk) == -1)
		return -1;
	hex_encode(salt, sizeof(salt), salthex);
	hex_encode(dk, sizeof(dk), dkhex);
	OPENSSL_cleanse(dk, sizeof(dk));
	snprintf(out, PASSWORD_HASH_MAX, SCHEME "$%u$%s$%s", iterations,
	    salthex, dkhex);
	return 0;
}

/* Splits a stored hash into its parts. Returns 0, or -1 if malformed. */
static int
parse_stored(const char *stored, unsigned *iterations,
    unsigned char salt[SALT_BYTES], unsigned char dk[DK_BYTES])
{
	char		 copy[PASSWORD_HASH_MAX], *p, *end, *saltp, *dkp;
	unsigned long	 it;

	if (strlen(stored) >= sizeof(copy))
		return -1;
	strcpy(copy, stored);
	if (strncmp(copy, SCHEME "$", sizeof(SCHEME)) != 0)
		return -1;
	p = copy + sizeof(SCHEME);
	if (*p < '1' || *p > '9')
		return -1;
	it = strtoul(p, &end, 10);
	if (*end != '$' || it < PASSWORD_MIN_ITERATIONS || it > 100000000UL)
		return -1;
	saltp = end + 1;
	if ((dkp = strchr(saltp, '$')) == NULL)
		return -1;
	*dkp++ = '\0';
	if (hex_decode(saltp, salt, SALT_BYTES) == -1 ||
	    hex_decode(dkp, dk, DK_BYTES) == -1)
		return -1;
	*iterations = (unsigned)it;
	return 0;
}

int
password_verify(const char *password, const char *stored,
    unsigned min_iterations, int *rehash)
{
	unsigned char	 salt[SALT_BYTES], want[DK_BYTES], got[DK_BYTES];
	unsigned	 iterations;
	int		 ok;

	*rehash = 0;
	if (parse_stored(stored, &iterations, salt, want) == -1) {
		password_burn(password, min_iterations);
		return 0;
	}
	if (derive(password, salt, iterations, got) == -1)
		return 0;
	ok = CRYPTO_memcmp(want, got, DK_BYTES) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	if (ok && iterations < min_iterations)
		*rehash = 1;
	return ok;
}

void
password_burn(const char *password, unsigned iterations)
{
	unsigned char	 salt[SALT_BYTES] = { 0 }, dk[DK_BYTES];

	(void)derive(password, salt, iterations, dk);
}

const char *
password_problem(const char *password)
{
	const unsigned char	*p;
	long			 len;

	if ((len = utf8_length(password)) < 0)
		return "The password is not valid text.";
	for (p = (const unsigned char *)password; *p != '\0'; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "The password may not contain control characters.";
	if (len < PASSWORD_MIN_LEN)
		return "The password must be at least 12 characters long.";
	if (len > PASSWORD_MAX_LEN)
		return "The password may be at most 256 characters long.";
	return NULL;
}
