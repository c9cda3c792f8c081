/* handlers.h: the page handlers named in the route table. */
#ifndef SLATE_HANDLERS_H
#define SLATE_HANDLERS_H

#include "request.h"

struct json_t;

/* login.c */
int	handle_login_form(struct req *r);
int	handle_login(struct req *r);
int	handle_logout(struct req *r);

/* dashboard.c */
int	handle_home(struct req *r);
int	handle_dashboard(struct req *r);

/* profile.c */
int	handle_password_form(struct req *r);
int	handle_password_change(struct req *r);

/* stores.c */
int	handle_store_list(struct req *r);
int	handle_store_new(struct req *r);
int	handle_store_create(struct req *r);
int	handle_settings_form(struct req *r);
int	handle_settings_update(struct req *r);
int	handle_store_switch(struct req *r);

/* groups.c */
int	handle_group_list(struct req *r);
int	handle_group_new(struct req *r);
int	handle_group_create(struct req *r);
int	handle_group_show(struct req *r);
int	handle_group_update(struct req *r);
int	handle_group_delete(struct req *r);

/* staff_pages.c */
int	handle_staff_list(struct req *r);
int	handle_staff_new(struct req *r);
int	handle_staff_create(struct req *r);
int	handle_staff_show(struct req *r);
int	handle_staff_update(struct req *r);
int	handle_staff_disable_form(struct req *r);
int	handle_staff_disable(struct req *r);
int	handle_staff_enable_form(struct req *r);
int	handle_staff_enable(struct req *r);
int	handle_staff_password_form(struct req *r);
int	handle_staff_password_reset(struct req *r);
int	handle_staff_remove_form(struct req *r);
int	handle_staff_remove(struct req *r);
int	handle_manager_code_form(struct req *r);
int	handle_manager_code_change(struct req *r);

/* audit_pages.c */
int	handle_audit_list(struct req *r);
int	handle_audit_csv(struct req *r);

/* accounts.c */
int	handle_account_list(struct req *r);
int	handle_account_new(struct req *r);
int	handle_account_create(struct req *r);
int	handle_account_batch_form(struct req *r);
int	handle_account_batch(struct req *r);
int	handle_account_show(struct req *r);
int	handle_account_edit(struct req *r);
int	handle_account_update(struct req *r);
int	handle_account_entries_csv(struct req *r);

/* customers.c */
int	handle_customer_list(struct req *r);
int	handle_customer_new(struct req *r);
int	handle_customer_create(struct req *r);
int	handle_customer_show(struct req *r);
int	handle_customer_edit(struct req *r);
int	handle_customer_update(struct req *r);

/* giftcards.c */
int	handle_giftcard_list(struct req *r);
int	handle_giftcard_show(struct req *r);
int	handle_giftcard_deactivate(struct req *r);
int	handle_giftcard_activate(struct req *r);

/* payouts.c */
int	handle_payout_form(struct req *r);
int	handle_payout(struct req *r);

/* deposits.c */
int	handle_deposit_form(struct req *r);
int	handle_deposit(struct req *r);

/* receipts.c */
int	handle_receipt_show(struct req *r);
int	handle_receipt_email(struct req *r);

/* adjustments.c */
int	handle_adjust_form(struct req *r);
int	handle_adjust(struct req *r);
int	handle_reverse_form(struct req *r);
int	handle_reverse(struct req *r);

/* ageing_pages.c */
int	handle_ageing_report(struct req *r);
int	handle_ageing_csv(struct req *r);

/* settlements.c */
int	handle_settle_form(struct req *r);
int	handle_settle(struct req *r);
int	handle_settlement_list(struct req *r);
int	handle_account_settlements(struct req *r);
int	handle_settlements_csv(struct req *r);

/* lanes.c */
int	handle_lane_list(struct req *r);
int	handle_lane_new(struct req *r);
int	handle_lane_create(struct req *r);
int	handle_lane_revoke_form(struct req *r);
int	handle_lane_revoke(struct req *r);

/* exceptions.c */
int	handle_exception_list(struct req *r);
int	handle_exception_ack_form(struct req *r);
int	handle_exception_ack(struct req *r);
int	handle_exception_lift_form(struct req *r);
int	handle_exception_lift(struct req *r);

/* lanes_api.c: the lane API; its routes are ACCESS_LANE (see dispatch.c) */
int	handle_lane_ping(struct req *r);
int	handle_lane_accounts(struct req *r);
int	handle_lane_transactions(struct req *r);
int	handle_lane_config(struct req *r);
/* Answers status with body (taken, even on failure) as JSON. Returns 0 or -1. */
int	api_json(struct req *r, int status, struct json_t *body);
/*
 * Answers status with the API's error body {"error": {"code", "message"}},
 * and notes the code on the lane when one is known. Returns 0 or -1.
 */
int	api_error(struct req *r, int status, const char *code,
	    const char *message);

/* import_pages.c */
int	handle_import_form(struct req *r);
int	handle_import(struct req *r);
int	handle_customers_csv(struct req *r);

/* statements.c */
int	handle_statement_list(struct req *r);
int	handle_statements_csv(struct req *r);
int	handle_statements_due(struct req *r);
int	handle_statement_show(struct req *r);
int	handle_statement_send(struct req *r);
int	handle_account_statements(struct req *r);
int	handle_statement_issue(struct req *r);

#endif
