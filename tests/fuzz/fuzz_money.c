/*
 * fuzz_money.c: money_parse on arbitrary text for exponents 0, 2 and 3.
 * Whatever parses must stay within MONEY_MAX and come back unchanged
 * through money_plain and money_parse.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int	 exponents[] = { 0, 2, 3 };
	const struct currency	*eur = currency_find("EUR");
	enum money_parse_result	 rc;
	char			*s, text[MONEY_TEXT_MAX];
	int64_t			 v, back;
	size_t			 i;

	if (eur == NULL || (s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; i < sizeof(exponents) / sizeof(exponents[0]); i++) {
		v = 0;
		rc = money_parse(s, exponents[i], &v);
		if (rc != MONEY_OK) {
			if (rc != MONEY_EMPTY && rc != MONEY_INVALID &&
			    rc != MONEY_TOO_PRECISE && rc != MONEY_TOO_LARGE)
				abort();
			if (money_parse_message(rc)[0] == '\0')
				abort();
			continue;
		}
		if (v > MONEY_MAX || v < -MONEY_MAX)
			abort();
		money_plain(v, exponents[i], text);
		back = v + 1;
		if (money_parse(text, exponents[i], &back) != MONEY_OK ||
		    back != v)
			abort();
		money_format(v, eur, text);
		if (strlen(text) >= MONEY_TEXT_MAX - 1)
			abort();
	}
	free(s);
	return 0;
}
