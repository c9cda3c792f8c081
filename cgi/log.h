/* log.h: one-line messages to standard error for operators. */
#ifndef SLATE_LOG_H
#define SLATE_LOG_H

/* Logs an error with the process id and a UTC time stamp. */
void	log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Logs a notice, as log_error. */
void	log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
