/* handlers.h: the page handlers named in the route table. */
#ifndef SLATE_HANDLERS_H
#define SLATE_HANDLERS_H

#include "request.h"

/* login.c */
int	handle_login_form(struct req *r);
int	handle_login(struct req *r);
int	handle_logout(struct req *r);

/* dashboard.c */
int	handle_home(struct req *r);
int	handle_dashboard(struct req *r);
int	handle_section(struct req *r);

/* profile.c */
int	handle_password_form(struct req *r);
int	handle_password_change(struct req *r);

#endif
