/* posting_form.h: what every form that posts money shares: a one-time token, the account version it was shown with, and the ledger's refusals as messages. */
#ifndef SLATE_POSTING_FORM_H
#define SLATE_POSTING_FORM_H

#include <stdint.h>

struct req;

/*
 * Puts the hidden fields of a posting form (templates/posting_form.cs):
 * Form.Once, the token the form sent back when it is well formed (the
 * form was not posted: sending it again after a fix still posts once),
 * else a new one; and Form.Version, the account version the figures on
 * the page come from. Returns 0 or -1.
 */
int	posting_form_view(struct req *r, int64_t version);

/*
 * Reads the hidden fields of a posted form into *once (pointing into
 * the request) and *version. Returns 1 when both are well formed, 0
 * when not (the handler answers 400: no form of ours sends that).
 */
int	posting_form_read(const struct req *r, const char **once,
	    int64_t *version);

/*
 * Puts the message of a refusal rc (a LEDGER_ERR_* or any other
 * failure) on the page: beside the amount (Errors.amount) for the
 * account's rules and ranges, above the form (Errors.form) for the
 * rest. Returns the status to render the form with: 409 when the
 * account changed since the form was shown (LEDGER_ERR_STALE: show the
 * new figures), 422 otherwise, or -1 when the page data could not be
 * set. LEDGER_ERR_SUBMITTED is not a refusal: redirect to the receipt
 * of the first posting instead (posting_form_receipt).
 */
int	posting_form_refusal(struct req *r, int rc);

/*
 * Answers 303 to the receipt of entry number of account, the end of
 * every posting (and of a form sent twice). Returns 0 or -1.
 */
int	posting_form_receipt(struct req *r, const char *account,
	    const char *number);

#endif
