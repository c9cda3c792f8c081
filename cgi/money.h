/* money.h: amounts of money as int64_t minor units; parsing and formatting. */
#ifndef SLATE_MONEY_H
#define SLATE_MONEY_H

#include <stddef.h>
#include <stdint.h>

/* The largest amount Slate handles, in minor units: 2^53 - 1. */
#define MONEY_MAX	INT64_C(9007199254740991)

#define MONEY_TEXT_MAX	48	/* room for any formatted amount and its NUL */

struct currency {
	const char	*code;		/* ISO 4217, e.g. "EUR" */
	int		 exponent;	/* minor-unit digits: 0, 2 or 3 */
	const char	*symbol;	/* e.g. "€"; the code when none is common */
};

/* Returns the currency with ISO 4217 code, or NULL if Slate knows none. */
const struct currency	*currency_find(const char *code);

/* The number of currencies Slate knows, for listing them. */
size_t			 currency_count(void);

/* Returns the i-th known currency (i < currency_count()), sorted by code. */
const struct currency	*currency_at(size_t i);

enum money_parse_result {
	MONEY_OK = 0,
	MONEY_EMPTY,		/* nothing but white space */
	MONEY_INVALID,		/* not an amount */
	MONEY_TOO_PRECISE,	/* more decimals than the currency has */
	MONEY_TOO_LARGE		/* beyond MONEY_MAX in magnitude */
};

/*
 * Parses an amount as people write it ("500", "500.00", "-25.50",
 * "1,234.5", "+3") for a currency with exponent decimal digits into
 * minor units at *out. Leading and trailing white space is ignored;
 * thousands separators are commas between groups of three digits.
 * Returns MONEY_OK or the reason it is not an amount.
 */
enum money_parse_result	money_parse(const char *s, int exponent,
			    int64_t *out);

/*
 * Parses an amount as people type it in a form or on the command line
 * for currency c: like money_parse with c's exponent, after taking off
 * the store's currency symbol or code before or after the number
 * ("€12", "12 €", "EUR 1,234.50", "-€5", "€-5") and the spaces around
 * it. Returns MONEY_OK with the minor units at *out, or the reason.
 */
enum money_parse_result	money_parse_input(const char *text,
			    const struct currency *c, int64_t *out);

/* Returns a message for people about a money_parse result. */
const char	*money_parse_message(enum money_parse_result r);

/*
 * Writes the magnitude of amount in currency c as people read it,
 * with the symbol and thousands separators ("€1,234.56"), into out
 * (MONEY_TEXT_MAX bytes). The sign is left to the caller, who says
 * "owing" or "in credit" in words. Returns out.
 */
char	*money_format(int64_t amount, const struct currency *c,
	    char out[MONEY_TEXT_MAX]);

/*
 * Writes amount as a plain decimal with the currency's digits and a
 * leading '-' when negative ("-25.50", "500.00"), as in forms and CSV.
 * Returns out.
 */
char	*money_plain(int64_t amount, int exponent, char out[MONEY_TEXT_MAX]);

#endif
