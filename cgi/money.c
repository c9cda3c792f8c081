/* money.c: amounts of money as int64_t minor units; parsing and formatting. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "money.h"

static const struct currency currencies[] = {
	{ "AUD", 2, "A$" },
	{ "BHD", 3, "BHD " },
	{ "CAD", 2, "CA$" },
	{ "CHF", 2, "CHF " },
	{ "CZK", 2, "CZK " },
	{ "DKK", 2, "DKK " },
	{ "EUR", 2, "\xe2\x82\xac" },
	{ "GBP", 2, "\xc2\xa3" },
	{ "HKD", 2, "HK$" },
	{ "HUF", 2, "HUF " },
	{ "INR", 2, "\xe2\x82\xb9" },
	{ "ISK", 0, "ISK " },
	{ "JOD", 3, "JOD " },
	{ "JPY", 0, "\xc2\xa5" },
	{ "KRW", 0, "\xe2\x82\xa9" },
	{ "KWD", 3, "KWD " },
	{ "MXN", 2, "MX$" },
	{ "NOK", 2, "NOK " },
	{ "NZD", 2, "NZ$" },
	{ "OMR", 3, "OMR " },
	{ "PLN", 2, "PLN " },
	{ "SEK", 2, "SEK " },
	{ "SGD", 2, "S$" },
	{ "TND", 3, "TND " },
	{ "USD", 2, "$" },
	{ "ZAR", 2, "R " },
};

const struct currency *
currency_find(const char *code)
{
	size_t	 i;

	for (i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
		if (strcmp(currencies[i].code, code) == 0)
			return &currencies[i];
	return NULL;
}

size_t
currency_count(void)
{
	return sizeof(currencies) / sizeof(currencies[0]);
}

const struct currency *
currency_at(size_t i)
{
	return i < currency_count() ? &currencies[i] : NULL;
}

/* Adds one digit to *v, refusing to pass MONEY_MAX. */
static int
push_digit(int64_t *v, char c)
{
	if (*v > (MONEY_MAX - (c - '0')) / 10)
		return -1;
	*v = *v * 10 + (c - '0');
	return 0;
}

enum money_parse_result
money_parse(const char *s, int exponent, int64_t *out)
{
	int64_t		 v = 0;
	int		 neg = 0, digits = 0, group = -1, decimals = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '\0')
		return MONEY_EMPTY;
	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	/* Whole part: digits, optionally grouped by commas in threes. */
	for (; isdigit((unsigned char)*s) || *s == ','; s++) {
		if (*s == ',') {
			if (digits == 0 || (group >= 0 && group != 3) ||
			    (group < 0 && digits > 3))
				return MONEY_INVALID;
			group = 0;
			continue;
		}
		if (push_digit(&v, *s) == -1)
			return MONEY_TOO_LARGE;
		digits++;
		if (group >= 0)
			group++;
	}
	if (group >= 0 && group != 3)
		return MONEY_INVALID;
	if (*s == '.') {
		s++;
		for (; isdigit((unsigned char)*s); s++) {
			if (++decimals > exponent)
				return MONEY_TOO_PRECISE;
			if (push_digit(&v, *s) == -1)
				return MONEY_TOO_LARGE;
		}
		if (decimals == 0 && digits == 0)
			return MONEY_INVALID;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0' || (digits == 0 && decimals == 0))
		return MONEY_INVALID;
	for (; decimals < exponent; decimals++)
		if (push_digit(&v, '0') == -1)
			return MONEY_TOO_LARGE;
	*out = neg ? -v : v;
	return MONEY_OK;
}

const char *
money_parse_message(enum money_parse_result r)
{
	switch (r) {
	case MONEY_OK:
		return "";
	case MONEY_EMPTY:
		return "Enter an amount.";
	case MONEY_TOO_PRECISE:
		return "The amount has more decimal places than the currency.";
	case MONEY_TOO_LARGE:
		return "The amount is too large.";
	case MONEY_INVALID:
		break;
	}
	return "Enter an amount such as 500 or 25.50.";
}

/*
 * Splits |amount| into its whole part and, for exponent digits (0 to
 * 3), its fraction written as ".dd" (empty when exponent is 0).
 */
static void
money_split(int64_t amount, int exponent, uint64_t *whole, char frac[5])
{
	uint64_t	 mag, scale = 1, rest;
	int		 i;

	if (exponent < 0 || exponent > 3)
		exponent = 2;
	mag = amount < 0 ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
	for (i = 0; i < exponent; i++)
		scale *= 10;
	*whole = mag / scale;
	rest = mag % scale;
	frac[0] = exponent > 0 ? '.' : '\0';
	for (i = exponent; i > 0; i--, rest /= 10)
		frac[i] = (char)('0' + rest % 10);
	frac[exponent > 0 ? exponent + 1 : 0] = '\0';
}

char *
money_format(int64_t amount, const struct currency *c,
    char out[MONEY_TEXT_MAX])
{
	uint64_t	 whole;
	char		 digits[32], grouped[32], frac[5];
	size_t		 n, i, j;

	money_split(amount, c->exponent, &whole, frac);
	n = (size_t)snprintf(digits, sizeof(digits), "%llu",
	    (unsigned long long)whole);
	for (i = j = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			grouped[j++] = ',';
		grouped[j++] = digits[i];
	}
	grouped[j] = '\0';
	snprintf(out, MONEY_TEXT_MAX, "%s%s%s", c->symbol, grouped, frac);
	return out;
}

char *
money_plain(int64_t amount, int exponent, char out[MONEY_TEXT_MAX])
{
	uint64_t	 whole;
	char		 frac[5];

	money_split(amount, exponent, &whole, frac);
	snprintf(out, MONEY_TEXT_MAX, "%s%llu%s", amount < 0 ? "-" : "",
	    (unsigned long long)whole, frac);
	return out;
}

#define MONEY_INPUT_MAX	64	/* bytes of an amount as typed, at most */

/* Copies [s, e) without the white space around it into out (MONEY_INPUT_MAX). */
static void
money_trim(const char *s, const char *e, char *out)
{
	while (s < e && isspace((unsigned char)*s))
		s++;
	while (e > s && isspace((unsigned char)e[-1]))
		e--;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
}

/* The length of c's symbol or code at the start of s (case-insensitive code), or 0. */
static size_t
money_mark_prefix(const char *s, const char *symbol, const char *code)
{
	size_t	 n = strlen(symbol), m = strlen(code);

	if (n > 0 && strncmp(s, symbol, n) == 0)
		return n;
	if (strncasecmp(s, code, m) == 0)
		return m;
	return 0;
}

/* The length of c's symbol or code at the end of s, or 0. */
static size_t
money_mark_suffix(const char *s, const char *symbol, const char *code)
{
	size_t	 len = strlen(s), n = strlen(symbol), m = strlen(code);

	if (n > 0 && len >= n && strcmp(s + len - n, symbol) == 0)
		return n;
	if (len >= m && strcasecmp(s + len - m, code) == 0)
		return m;
	return 0;
}

enum money_parse_result
money_parse_input(const char *text, const struct currency *c, int64_t *out)
{
	char	 buf[MONEY_INPUT_MAX + 1], rest[MONEY_INPUT_MAX + 1];
	char	 symbol[16], num[MONEY_INPUT_MAX + 2];
	char	 sign[2] = "";
	size_t	 n;

	if (strlen(text) > MONEY_INPUT_MAX)
		return MONEY_INVALID;
	money_trim(text, text + strlen(text), buf);
	if (*buf == '\0')
		return MONEY_EMPTY;
	/* "CHF " is written with a space: the mark is the symbol trimmed. */
	money_trim(c->symbol, c->symbol + strlen(c->symbol), symbol);
	if (*buf == '-' || *buf == '+') {
		sign[0] = *buf;
		money_trim(buf + 1, buf + strlen(buf), rest);
	} else
		snprintf(rest, sizeof(rest), "%s", buf);
	if ((n = money_mark_prefix(rest, symbol, c->code)) > 0)
		money_trim(rest + n, rest + strlen(rest), buf);
	else if ((n = money_mark_suffix(rest, symbol, c->code)) > 0)
		money_trim(rest, rest + strlen(rest) - n, buf);
	else
		snprintf(buf, sizeof(buf), "%s", rest);
	/* One sign only: "-€-5" is not an amount. */
	if (sign[0] != '\0' && (*buf == '-' || *buf == '+'))
		return MONEY_INVALID;
	snprintf(num, sizeof(num), "%s%s", sign, buf);
	return money_parse(num, c->exponent, out);
}
