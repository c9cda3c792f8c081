/* schedule.c: settlement frequencies: rule text, descriptions, statement dates. */
#include <stdio.h>
#include <string.h>

#include "schedule.h"

/* Longest valid rule: "every 3 weeks on first monday", six words. */
#define RULE_WORDS	8

/* A number too large for any rule, standing for every larger one. */
#define HUGE_NUMBER	100000

static const char *const weekday_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday"
};

static const char *const weekday_titles[7] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday", "Sunday"
};

static const char *const nth_names[5] = {
	"last", "first", "second", "third", "fourth"
};

static const char M_EMPTY[] =
    "Enter a settlement frequency, such as \"every 1 month on day 1\".";
static const char M_LONG[] =
    "That frequency is too long: use at most 100 characters, such as "
    "\"every 2 weeks on monday\".";
static const char M_CONTROL[] =
    "Write the frequency on one line, without tabs or other control "
    "characters.";
static const char M_EVERY[] =
    "Start the frequency with \"every\", such as \"every 2 weeks on "
    "monday\".";
static const char M_NUMBER[] =
    "After \"every\", write a whole number in digits, then days, weeks "
    "or months, such as \"every 3 weeks on monday\".";
static const char M_UNIT[] =
    "Write days, weeks or months after the number, such as \"every 10 "
    "days\" or \"every 3 weeks on monday\".";
static const char M_DAYS_RANGE[] =
    "Every how many days? Use a number from 1 to 366.";
static const char M_WEEKS_RANGE[] =
    "Every how many weeks? Use a number from 1 to 52.";
static const char M_MONTHS_RANGE[] =
    "Every how many months? Use a number from 1 to 12.";
static const char M_DAYS_END[] =
    "A frequency in days ends after \"days\", such as \"every 10 days\"; "
    "to choose a weekday, use weeks, such as \"every 2 weeks on "
    "monday\".";
static const char M_WEEKS_ON[] =
    "On which weekday? Add it after \"on\", such as \"every 2 weeks on "
    "monday\".";
static const char M_WEEK_DAY[] =
    "A week has no day of the month (no 31st of every week): choose a "
    "weekday, such as \"every 3 weeks on monday\", or use months, such "
    "as \"every 1 month on day 31\".";
static const char M_WEEK_LAST[] =
    "A run of weeks has no last weekday: write \"every 2 weeks on "
    "monday\", or for the last weekday of a month use months, such as "
    "\"every 1 month on last friday\".";
static const char M_WEEK_NTH[] =
    "With weeks, only \"first\" may come before the weekday (\"every 3 "
    "weeks on first monday\" starts on the first Monday on or after the "
    "start date); for the second, third or fourth weekday of a month "
    "use months, such as \"every 1 month on second monday\".";
static const char M_WEEKDAY[] =
    "That is not a weekday: use monday to sunday, or mon to sun.";
static const char M_NTH_RANGE[] =
    "Not every month has a fifth of each weekday: use first, second, "
    "third, fourth or last, such as \"every 1 month on last friday\".";
static const char M_NTH_WEEKDAY[] =
    "Add the weekday after first, second, third, fourth or last, such "
    "as \"every 1 month on first monday\".";
static const char M_MONTHS_ON[] =
    "On which day of the month? Add it after \"on\", such as \"every 1 "
    "month on day 1\" or \"every 1 month on last friday\".";
static const char M_MONTH_DAY[] =
    "Which day of the month? Use a number from 1 to 31 (29, 30 and 31 "
    "fall on the last day of shorter months), such as \"every 1 month "
    "on day 15\".";
static const char M_MONTH_WHICH[] =
    "Which one in the month? Write first, second, third, fourth or last "
    "before the weekday, such as \"every 1 month on first monday\".";
static const char M_EXTRA[] =
    "The frequency has extra words at the end: it ends with the day, "
    "such as \"every 2 weeks on monday\" or \"every 1 month on day 1\".";

/* The rule text split into lowercase words. */
struct words {
	char	 buf[SCHEDULE_RULE_MAX + 1];
	char	*w[RULE_WORDS];
	int	 n;		/* words in the text, even past RULE_WORDS */
};

/* Returns word i, or "" past the last. */
static const char *
word(const struct words *ws, int i)
{
	return i < ws->n && i < RULE_WORDS ? ws->w[i] : "";
}

/* Splits text (checked for length and controls) into ws. */
static void
split_words(const char *text, struct words *ws)
{
	char	*p;

	memcpy(ws->buf, text, strlen(text) + 1);
	ws->n = 0;
	for (p = ws->buf; *p != '\0'; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
		if (*p == ' ')
			*p = '\0';
		else if (p == ws->buf || p[-1] == '\0') {
			if (ws->n < RULE_WORDS)
				ws->w[ws->n] = p;
			ws->n++;
		}
	}
}

static int
is_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * Reads a whole number written in digits with an optional '-', capped
 * at HUGE_NUMBER in magnitude. Returns 0, or -1 when w is not one.
 */
static int
read_number(const char *w, int *out)
{
	int	 neg = *w == '-', v = 0;

	if (neg)
		w++;
	if (!is_digits(w))
		return -1;
	for (; *w != '\0'; w++)
		if ((v = v * 10 + (*w - '0')) > HUGE_NUMBER)
			v = HUGE_NUMBER;
	*out = neg ? -v : v;
	return 0;
}

/* Reads exactly n digits at s into *out. Returns 0 or -1. */
static int
read_digits(const char *s, int n, int *out)
{
	int	 i;

	*out = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

/* Returns the weekday (0=Monday) w names in full or in three letters, or -1. */
static int
read_weekday(const char *w)
{
	int	 i;

	for (i = 0; i < 7; i++)
		if (strcmp(w, weekday_names[i]) == 0 ||
		    (strlen(w) == 3 && strncmp(w, weekday_names[i], 3) == 0))
			return i;
	return -1;
}

/*
 * Reads an ordinal: 1..4, -1 for "last", 5 for "fifth", the number of
 * any other "Nth" ("15th", 99 for "0th" and longer ones), or 0 when w
 * is not an ordinal.
 */
static int
read_nth(const char *w)
{
	static const char *const suffixes[4] = { "st", "nd", "rd", "th" };
	size_t	 len = strlen(w);
	int	 i, v;

	for (i = 0; i < 5; i++)
		if (strcmp(w, nth_names[i]) == 0)
			return i == 0 ? -1 : i;
	if (strcmp(w, "fifth") == 0)
		return 5;
	if (len < 3 || len > 4)
		return 0;
	for (i = 0; i < 4; i++)
		if (strcmp(w + len - 2, suffixes[i]) == 0)
			break;
	if (i == 4 || read_digits(w, (int)len - 2, &v) == -1)
		return 0;
	if (v >= 1 && v <= 4 && strcmp(w + len - 2, suffixes[v - 1]) != 0)
		return 0;	/* "1th", "3nd" */
	return v == 0 ? 99 : v;
}

/* Reads "day"/"days", "week"/"weeks", "month"/"months" into *kind. */
static int
read_unit(const char *w, enum sched_kind *kind)
{
	if (strcmp(w, "day") == 0 || strcmp(w, "days") == 0)
		*kind = SCHED_DAYS;
	else if (strcmp(w, "week") == 0 || strcmp(w, "weeks") == 0)
		*kind = SCHED_WEEKS;
	else if (strcmp(w, "month") == 0 || strcmp(w, "months") == 0)
		*kind = SCHED_MONTHS_DAY;
	else
		return -1;
	return 0;
}

static int
unit_max(enum sched_kind kind)
{
	switch (kind) {
	case SCHED_DAYS:
		return SCHEDULE_MAX_DAYS;
	case SCHED_WEEKS:
		return SCHEDULE_MAX_WEEKS;
	default:
		return SCHEDULE_MAX_MONTHS;
	}
}

static const char *
range_message(enum sched_kind kind)
{
	switch (kind) {
	case SCHED_DAYS:
		return M_DAYS_RANGE;
	case SCHED_WEEKS:
		return M_WEEKS_RANGE;
	default:
		return M_MONTHS_RANGE;
	}
}

/* Reads what follows "every N weeks", from word i on. */
static const char *
parse_weeks(const struct words *ws, int i, struct schedule *s)
{
	int	 nth, n;

	if (strcmp(word(ws, i), "day") == 0)
		return M_WEEK_DAY;
	if (strcmp(word(ws, i), "on") != 0 || *word(ws, ++i) == '\0')
		return M_WEEKS_ON;
	if (strcmp(word(ws, i), "day") == 0 || read_number(word(ws, i),
	    &n) == 0)
		return M_WEEK_DAY;
	if ((nth = read_nth(word(ws, i))) != 0) {
		if (*word(ws, ++i) == '\0')
			return nth > 4 ? M_WEEK_DAY : M_NTH_WEEKDAY;
		if (nth == -1)
			return M_WEEK_LAST;
		if (nth != 1)
			return M_WEEK_NTH;
		s->nth = 1;
	}
	if ((s->weekday = read_weekday(word(ws, i))) == -1)
		return M_WEEKDAY;
	return ws->n > i + 1 ? M_EXTRA : NULL;
}

/* Reads what follows "every N months", from word i on. */
static const char *
parse_months(const struct words *ws, int i, struct schedule *s)
{
	int	 n;

	if (strcmp(word(ws, i), "on") != 0 || *word(ws, ++i) == '\0')
		return M_MONTHS_ON;
	if (strcmp(word(ws, i), "day") == 0) {
		if (read_number(word(ws, ++i), &s->day) == -1 || s->day < 1 ||
		    s->day > 31)
			return M_MONTH_DAY;
		s->kind = SCHED_MONTHS_DAY;
		return ws->n > i + 1 ? M_EXTRA : NULL;
	}
	if (read_weekday(word(ws, i)) != -1)
		return M_MONTH_WHICH;
	if (read_number(word(ws, i), &n) == 0)
		return M_MONTH_DAY;		/* "on 15" */
	if ((s->nth = read_nth(word(ws, i))) == 0)
		return M_MONTHS_ON;
	if (*word(ws, ++i) == '\0')
		return s->nth > 4 ? M_MONTH_DAY : M_NTH_WEEKDAY;
	if (s->nth > 4)
		return M_NTH_RANGE;
	if ((s->weekday = read_weekday(word(ws, i))) == -1)
		return M_WEEKDAY;
	s->kind = SCHED_MONTHS_NTH;
	return ws->n > i + 1 ? M_EXTRA : NULL;
}

const char *
schedule_parse(const char *text, struct schedule *out)
{
	struct words		 ws;
	struct schedule		 s;
	const char		*p, *msg;
	int			 i = 1;

	if (text == NULL)
		text = "";
	if (strlen(text) > SCHEDULE_RULE_MAX)
		return M_LONG;
	for (p = text; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return M_CONTROL;
	split_words(text, &ws);
	if (ws.n == 0)
		return M_EMPTY;
	if (strcmp(word(&ws, 0), "every") != 0)
		return M_EVERY;

	memset(&s, 0, sizeof(s));
	s.every = 1;
	/* "every week": the number may be left out when it is one. */
	if (read_unit(word(&ws, i), &s.kind) == -1) {
		if (read_number(word(&ws, i), &s.every) == -1)
			return M_NUMBER;
		if (read_unit(word(&ws, ++i), &s.kind) == -1)
			return M_UNIT;
	} else if (word(&ws, i)[strlen(word(&ws, i)) - 1] == 's')
		return range_message(s.kind);	/* "every weeks" */
	if (s.every < 1 || s.every > unit_max(s.kind))
		return range_message(s.kind);
	i++;

	switch (s.kind) {
	case SCHED_DAYS:
		msg = ws.n > i ? M_DAYS_END : NULL;
		break;
	case SCHED_WEEKS:
		msg = parse_weeks(&ws, i, &s);
		break;
	default:
		msg = parse_months(&ws, i, &s);
		break;
	}
	if (msg != NULL)
		return msg;
	*out = s;
	return NULL;
}

/* Returns 1 when the fields s's kind uses are in range. */
static int
schedule_valid(const struct schedule *s)
{
	if (s->every < 1)
		return 0;
	switch (s->kind) {
	case SCHED_DAYS:
		return s->every <= SCHEDULE_MAX_DAYS;
	case SCHED_WEEKS:
		return s->every <= SCHEDULE_MAX_WEEKS && s->weekday >= 0 &&
		    s->weekday <= 6 && (s->nth == 0 || s->nth == 1);
	case SCHED_MONTHS_DAY:
		return s->every <= SCHEDULE_MAX_MONTHS && s->day >= 1 &&
		    s->day <= 31;
	case SCHED_MONTHS_NTH:
		return s->every <= SCHEDULE_MAX_MONTHS && s->weekday >= 0 &&
		    s->weekday <= 6 && s->nth >= -1 && s->nth <= 4 &&
		    s->nth != 0;
	}
	return 0;
}

/* "day", "week", "month" with an "s" when n is not one. */
static const char *
unit_name(enum sched_kind kind, int n)
{
	switch (kind) {
	case SCHED_DAYS:
		return n == 1 ? "day" : "days";
	case SCHED_WEEKS:
		return n == 1 ? "week" : "weeks";
	default:
		return n == 1 ? "month" : "months";
	}
}

/* nth_names[] index: "last" for -1. */
static const char *
nth_name(int nth)
{
	return nth_names[nth == -1 ? 0 : nth];
}

void
schedule_format(const struct schedule *s, char *buf, size_t size)
{
	if (size == 0)
		return;
	if (!schedule_valid(s)) {
		buf[0] = '\0';
		return;
	}
	switch (s->kind) {
	case SCHED_DAYS:
		snprintf(buf, size, "every %d %s", s->every,
		    unit_name(s->kind, s->every));
		break;
	case SCHED_WEEKS:
		snprintf(buf, size, "every %d %s on %s%s", s->every,
		    unit_name(s->kind, s->every), s->nth == 1 ? "first " : "",
		    weekday_names[s->weekday]);
		break;
	case SCHED_MONTHS_DAY:
		snprintf(buf, size, "every %d %s on day %d", s->every,
		    unit_name(s->kind, s->every), s->day);
		break;
	case SCHED_MONTHS_NTH:
		snprintf(buf, size, "every %d %s on %s %s", s->every,
		    unit_name(s->kind, s->every), nth_name(s->nth),
		    weekday_names[s->weekday]);
		break;
	}
}

/* The English ordinal suffix of day (1-31): "st" for 1, 21, 31. */
static const char *
ordinal_suffix(int day)
{
	if (day % 10 == 1 && day != 11)
		return "st";
	if (day % 10 == 2 && day != 12)
		return "nd";
	if (day % 10 == 3 && day != 13)
		return "rd";
	return "th";
}

void
schedule_describe(const struct schedule *s, char *buf, size_t size)
{
	char	 every[32];

	if (size == 0)
		return;
	if (!schedule_valid(s)) {
		buf[0] = '\0';
		return;
	}
	if (s->every == 1)
		snprintf(every, sizeof(every), "Every %s",
		    unit_name(s->kind, 1));
	else
		snprintf(every, sizeof(every), "Every %d %s", s->every,
		    unit_name(s->kind, s->every));
	switch (s->kind) {
	case SCHED_DAYS:
		snprintf(buf, size, "%s", every);
		break;
	case SCHED_WEEKS:
		snprintf(buf, size, "%s, on %s%s", every,
		    s->nth == 1 ? "the first " : "",
		    weekday_titles[s->weekday]);
		break;
	case SCHED_MONTHS_DAY:
		snprintf(buf, size, "%s, on the %d%s%s", every, s->day,
		    ordinal_suffix(s->day), s->day > 28 ?
		    " or the last day of shorter months" : "");
		break;
	case SCHED_MONTHS_NTH:
		snprintf(buf, size, "%s, on the %s %s", every,
		    nth_name(s->nth), weekday_titles[s->weekday]);
		break;
	}
}

/* The date the rule of a month schedule gives in month index mi. */
static struct sdate
month_date(const struct schedule *s, long mi)
{
	struct sdate	 d;
	int		 last, wd;

	d.year = (int)(mi / 12);
	d.month = (int)(mi % 12) + 1;
	last = sdate_days_in_month(d.year, d.month);
	if (s->kind == SCHED_MONTHS_DAY) {
		d.day = s->day < last ? s->day : last;
		return d;
	}
	if (s->nth == -1) {
		d.day = last;
		wd = sdate_weekday(d);
		d.day -= (wd - s->weekday + 7) % 7;
		return d;
	}
	d.day = 1;
	wd = sdate_weekday(d);
	d.day = 1 + (s->weekday - wd + 7) % 7 + 7 * (s->nth - 1);
	return d;
}

/* Month index: months since the start of year 0. */
static long
month_index(struct sdate d)
{
	return (long)d.year * 12 + d.month - 1;
}

/* The first date of first, first+step, ... strictly after day a. */
static long
next_in_step(long first, long step, long a)
{
	if (a < first)
		return first;
	return first + ((a - first) / step + 1) * step;
}

/* The next date of a month schedule; may pass year 9999. */
static struct sdate
next_month_date(const struct schedule *s, struct sdate start,
    struct sdate after)
{
	long		 m0 = month_index(start), ma = month_index(after), k = 0;
	struct sdate	 d;

	/* The first period whose month is not before after's. */
	if (ma > m0)
		k = (ma - m0 + s->every - 1) / s->every;
	/*
	 * That period's date may come before after, or before start (in
	 * start's own month): then the next period's is the one.
	 */
	for (;; k++) {
		d = month_date(s, m0 + k * s->every);
		if (sdate_cmp(d, start) >= 0 && sdate_cmp(d, after) > 0)
			return d;
	}
}

/*
 * The next date of valid s strictly after `after`, which may be any
 * date the day arithmetic takes, even the day before 0001-01-01.
 * Returns 0, or -1 when the date would fall after 9999-12-31.
 */
static int
next_date(const struct schedule *s, struct sdate start, struct sdate after,
    struct sdate *next)
{
	static const struct sdate	 end = { 9999, 12, 31 };
	struct sdate			 d;
	long				 first;

	switch (s->kind) {
	case SCHED_DAYS:
		d = sdate_from_days(next_in_step(sdate_to_days(start),
		    s->every, sdate_to_days(after)));
		break;
	case SCHED_WEEKS:
		first = sdate_to_days(start) +
		    (s->weekday - sdate_weekday(start) + 7) % 7;
		d = sdate_from_days(next_in_step(first, 7L * s->every,
		    sdate_to_days(after)));
		break;
	default:
		d = next_month_date(s, start, after);
		break;
	}
	if (sdate_cmp(d, end) > 0)
		return -1;
	*next = d;
	return 0;
}

int
schedule_next(const struct schedule *s, struct sdate start,
    struct sdate after, struct sdate *next)
{
	if (!schedule_valid(s) || !sdate_valid(start) || !sdate_valid(after))
		return -1;
	return next_date(s, start, after, next);
}

int
schedule_next_n(const struct schedule *s, struct sdate start,
    struct sdate after, struct sdate *out, int n)
{
	int	 i;

	if (n < 0 || !schedule_valid(s) || !sdate_valid(start) ||
	    !sdate_valid(after))
		return -1;
	for (i = 0; i < n; i++) {
		if (schedule_next(s, start, after, &out[i]) == -1)
			break;
		after = out[i];
	}
	return i;
}

int
schedule_occurs(const struct schedule *s, struct sdate start,
    struct sdate d)
{
	struct sdate	 next;

	if (!schedule_valid(s) || !sdate_valid(start) || !sdate_valid(d))
		return 0;
	return next_date(s, start, sdate_add_days(d, -1), &next) == 0 &&
	    sdate_cmp(next, d) == 0;
}

int
sdate_parse(const char *s, struct sdate *d)
{
	struct sdate	 v;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    read_digits(s, 4, &v.year) == -1 ||
	    read_digits(s + 5, 2, &v.month) == -1 ||
	    read_digits(s + 8, 2, &v.day) == -1 || !sdate_valid(v))
		return -1;
	*d = v;
	return 0;
}

void
sdate_format(struct sdate d, char buf[SDATE_TEXT])
{
	/* The remainders only tell the compiler how wide each field is. */
	snprintf(buf, SDATE_TEXT, "%04u-%02u-%02u",
	    (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
	    (unsigned)d.day % 100u);
}

int
sdate_leap_year(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
sdate_days_in_month(int year, int month)
{
	static const int	 days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	return month == 2 && sdate_leap_year(year) ? 29 : days[month - 1];
}

int
sdate_valid(struct sdate d)
{
	return d.year >= 1 && d.year <= 9999 && d.month >= 1 &&
	    d.month <= 12 && d.day >= 1 &&
	    d.day <= sdate_days_in_month(d.year, d.month);
}

/* Howard Hinnant's days_from_civil: exact over the proleptic calendar. */
long
sdate_to_days(struct sdate d)
{
	long	 y = d.year - (d.month <= 2), era, yoe, doy, doe;

	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct sdate
sdate_from_days(long days)
{
	long		 z = days + 719468, era, doe, yoe, doy, mp;
	struct sdate	 d;

	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(yoe + era * 400 + (d.month <= 2));
	return d;
}

struct sdate
sdate_add_days(struct sdate d, long n)
{
	return sdate_from_days(sdate_to_days(d) + n);
}

int
sdate_weekday(struct sdate d)
{
	/* 1970-01-01 was a Thursday (3). */
	long	 w = (sdate_to_days(d) + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

int
sdate_cmp(struct sdate a, struct sdate b)
{
	if (a.year != b.year)
		return a.year < b.year ? -1 : 1;
	if (a.month != b.month)
		return a.month < b.month ? -1 : 1;
	if (a.day != b.day)
		return a.day < b.day ? -1 : 1;
	return 0;
}
