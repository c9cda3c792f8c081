/* posting_form.c: what every form that posts money shares: a one-time token, the account version it was shown with, and the ledger's refusals as messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "ledger.h"
#include "posting_form.h"
#include "request.h"
#include "view.h"

int
posting_form_view(struct req *r, int64_t version)
{
	char		 once[LEDGER_ONCE_LEN + 1];
	const char	*sent = req_form(r, "once");

	if (ledger_once_valid(sent))
		snprintf(once, sizeof(once), "%s", sent);
	else if (ledger_once_new(once) == -1)
		return -1;
	return view_set(r, "Form.Once", once) == -1 ||
	    view_set_int(r, "Form.Version", (long long)version) == -1 ?
	    -1 : 0;
}

int
posting_form_read(const struct req *r, const char **once, int64_t *version)
{
	const char	*v = req_form(r, "version");
	char		*end;
	long long	 n;

	*once = req_form(r, "once");
	if (!ledger_once_valid(*once) || *v < '1' || *v > '9' ||
	    strlen(v) > 18)
		return 0;
	n = strtoll(v, &end, 10);
	if (*end != '\0')
		return 0;
	*version = n;
	return 1;
}

int
posting_form_refusal(struct req *r, int rc)
{
	const char	*field = "Errors.form";

	switch (rc) {
	case LEDGER_ERR_RANGE:
	case LEDGER_ERR_INACTIVE:
	case LEDGER_ERR_ON_HOLD:
	case LEDGER_ERR_INSUFFICIENT:
	case LEDGER_ERR_OVER_LIMIT:
		field = "Errors.amount";
		break;
	default:
		break;
	}
	if (view_set(r, field, ledger_err_message(rc)) == -1)
		return -1;
	return rc == LEDGER_ERR_STALE ? 409 : 422;
}

int
posting_form_receipt(struct req *r, const char *account, const char *number)
{
	char	 where[80];

	snprintf(where, sizeof(where), "/accounts/%s/entries/%s", account,
	    number);
	return http_redirect(r, where);
}
