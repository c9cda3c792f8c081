/* approval.h: a manager's code approving an action that the acting staff member's group only allows with one. */
#ifndef SLATE_APPROVAL_H
#define SLATE_APPROVAL_H

#include "perm.h"
#include "request.h"

#define MANAGER_CODE_MIN	4	/* digits */
#define MANAGER_CODE_MAX	8

/*
 * Checks the form's manager_id and manager_code for permission p in
 * the session's store: the manager must be an enabled staff member of
 * the same store whose own level for p is Allowed and who has set a
 * code; wrong codes are throttled per manager and per address. Fills
 * r->approval: approver_id and approver_name when it passed, else
 * error, a message to show beside the code field (empty on success). Returns 0 either
 * way, -1 on a database failure.
 */
int	approval_verify(struct req *r, enum perm p);

/*
 * Puts the approval fields into the page data when the route needs a
 * manager's code: Approval.Needed, the managers who may approve
 * (Approval.Managers.N.Id/.Name), the manager chosen and the error.
 * Handlers of manager-code routes call it when they show their form.
 * Returns 0 or -1.
 */
int	approval_view(struct req *r, enum perm p);

/*
 * True when the route needs a manager's code and the one sent did not
 * pass: the handler then shows its form again and writes nothing.
 */
int	approval_failed(const struct req *r);

/* Checks a new manager code: 4 to 8 digits. Returns NULL or a message. */
const char	*manager_code_problem(const char *code);

#endif
