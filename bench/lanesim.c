/* lanesim.c: simulated POS lanes: each follows the account feed and posts sales and deposits at a rate; some go offline and come back with a backlog; lost answers are replayed; at the end every lane's copy of the accounts must equal a fresh full sync. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#define API		"/api/v1/lane"
#define MAX_LANES	2000
#define MAX_BACKLOG	100000
#define BATCH_MAX	100

/* What the command line asked for. */
struct options {
	const char	*url;
	const char	*tokens;	/* a file, one token a line */
	int		 lanes;		/* 0: one per token */
	double		 seconds;
	double		 poll_interval;	/* s; < 0: no polling while running */
	double		 post_interval;	/* s; 0: back to back; < 0: none */
	int		 batch;		/* transactions per request */
	int		 limit;		/* feed page size */
	int		 offline_lanes;	/* the first N lanes go offline once */
	double		 offline_seconds;
	double		 lost;		/* share of answers "lost" and replayed */
	long long	 amount_max;	/* minor units */
	double		 deposit_share;
	int		 verify;	/* compare each lane's copy at the end */
	int		 quiet;		/* no per-lane lines */
	int		 sync_only;	/* one full sync by the first lane, timed */
	double		 spread;	/* s over which lanes start (< 0: the poll interval) */
};

/* Latencies of one kind of request, in milliseconds. */
struct lat {
	double		*ms;
	size_t		 n, cap;
};

/* One simulated lane: its state and what happened to it. */
struct lane {
	int		 no;
	char		 token[256];
	CURL		*curl;
	json_t		*view;		/* accounts by number, as the feed gave them */
	json_t		*numbers;	/* their numbers, to pick from */
	char		*cursor;
	char		*etag;
	json_t		*backlog;	/* transactions kept while offline */
	unsigned	 seed;
	/* counts */
	long		 polls, not_modified, pages, changes;
	long		 requests, sent, created, duplicate, conflict, rejected;
	long		 rejected_over, rejected_hold, rejected_other;
	long		 offline_sent, flagged, replays, replay_bad;
	long		 http_errors, rate_limited;
	struct lat	 poll_lat, post_lat;
	int		 mismatches;
	char		 error[256];
};

static struct options	 opt = {
	.seconds = 10, .poll_interval = 1, .post_interval = 1, .batch = 1,
	.limit = 500, .offline_seconds = 3, .lost = 0.02, .amount_max = 2000,
	.deposit_share = 0.3, .verify = 1, .spread = -1,
};
static volatile sig_atomic_t	 stopping;

struct sink {
	char	*data;
	size_t	 len;
};

static size_t
sink_write(char *p, size_t size, size_t n, void *arg)
{
	struct sink	*s = arg;
	char		*d;

	if ((d = realloc(s->data, s->len + size * n + 1)) == NULL)
		return 0;
	memcpy(d + s->len, p, size * n);
	s->len += size * n;
	d[s->len] = '\0';
	s->data = d;
	return size * n;
}

static double
now(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
sleep_until(double t)
{
	double		 d;
	struct timespec	 ts;

	while (!stopping && (d = t - now()) > 0) {
		if (d > 0.2)
			d = 0.2;
		ts.tv_sec = (time_t)d;
		ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
		nanosleep(&ts, NULL);
	}
}

static void
lat_add(struct lat *l, double ms)
{
	if (l->n == l->cap) {
		size_t	 cap = l->cap ? l->cap * 2 : 256;
		double	*p = realloc(l->ms, cap * sizeof(*p));

		if (p == NULL)
			return;
		l->ms = p;
		l->cap = cap;
	}
	l->ms[l->n++] = ms;
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The p-th percentile of a sorted list. */
static double
pct(const struct lat *l, double p)
{
	size_t	 i;

	if (l->n == 0)
		return 0;
	i = (size_t)ceil(p / 100 * (double)l->n);
	return l->ms[i > 0 ? i - 1 : 0];
}

static double
rnd(struct lane *l)
{
	return (double)rand_r(&l->seed) / ((double)RAND_MAX + 1);
}

/*
 * Sends one request of the lane; *body gets the answer (free it), *etag
 * the ETag when asked for. Returns the status, or -1 when the server
 * could not be reached. A 429 is waited out (Retry-After) and sent again.
 */
static long
lane_http(struct lane *l, const char *method, const char *path,
    const char *body, const char *if_none_match, struct sink *out,
    char **etag)
{
	struct curl_slist	*h = NULL;
	struct sink		 head = { 0 };
	char			 url[2048], line[512];
	long			 status = -1;
	double			 t0;

	for (;;) {
		memset(out, 0, sizeof(*out));
		head.data = NULL;
		head.len = 0;
		snprintf(url, sizeof(url), "%s%s", opt.url, path);
		curl_easy_reset(l->curl);
		curl_easy_setopt(l->curl, CURLOPT_URL, url);
		curl_easy_setopt(l->curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(l->curl, CURLOPT_TIMEOUT, 60L);
		curl_easy_setopt(l->curl, CURLOPT_WRITEFUNCTION, sink_write);
		curl_easy_setopt(l->curl, CURLOPT_WRITEDATA, out);
		curl_easy_setopt(l->curl, CURLOPT_HEADERFUNCTION, sink_write);
		curl_easy_setopt(l->curl, CURLOPT_HEADERDATA, &head);
		snprintf(line, sizeof(line), "Authorization: Bearer %s",
		    l->token);
		h = curl_slist_append(NULL, line);
		h = curl_slist_append(h, "Expect:");
		if (if_none_match != NULL) {
			snprintf(line, sizeof(line), "If-None-Match: %s",
			    if_none_match);
			h = curl_slist_append(h, line);
		}
		if (strcmp(method, "POST") == 0) {
			h = curl_slist_append(h,
			    "Content-Type: application/json");
			curl_easy_setopt(l->curl, CURLOPT_POSTFIELDS, body);
		}
		curl_easy_setopt(l->curl, CURLOPT_HTTPHEADER, h);
		t0 = now();
		status = curl_easy_perform(l->curl) == CURLE_OK ? 0 : -1;
		if (status == 0)
			curl_easy_getinfo(l->curl, CURLINFO_RESPONSE_CODE,
			    &status);
		lat_add(strcmp(method, "POST") == 0 ? &l->post_lat :
		    &l->poll_lat, (now() - t0) * 1000);
		curl_slist_free_all(h);
		if (status != 429 || stopping)
			break;
		l->rate_limited++;
		{
			const char	*ra = head.data ? strcasestr(head.data,
			    "\nRetry-After:") : NULL;
			double		 wait = ra ? atof(ra + 13) : 1;

			free(out->data);
			free(head.data);
			sleep_until(now() + (wait > 0 ? wait : 1));
		}
	}
	if (etag != NULL && head.data != NULL) {
		const char	*e = strcasestr(head.data, "\nETag:");

		if (e != NULL) {
			e += 6;
			while (*e == ' ')
				e++;
			*etag = strndup(e, strcspn(e, "\r\n"));
		}
	}
	free(head.data);
	if (out->data == NULL)
		out->data = strdup("");
	return status;
}

static void
lane_fail(struct lane *l, const char *what, long status, const char *body)
{
	l->http_errors++;
	if (l->error[0] == '\0')
		snprintf(l->error, sizeof(l->error), "%s: %ld %.150s", what,
		    status, body ? body : "");
}

/* Applies one page to view; returns more, or -1 on a bad answer. */
static int
apply_page(json_t *view, json_t *numbers, const char *body, char **cursor,
    long *changes)
{
	json_t		*page, *acc;
	size_t		 i;
	int		 more;

	if ((page = json_loads(body, JSON_REJECT_DUPLICATES, NULL)) == NULL)
		return -1;
	json_array_foreach(json_object_get(page, "accounts"), i, acc) {
		const char	*num = json_string_value(json_object_get(acc,
		    "number"));

		if (num == NULL)
			continue;
		if (json_object_get(view, num) == NULL && numbers != NULL)
			json_array_append_new(numbers, json_string(num));
		json_object_set(view, num, acc);
		(*changes)++;
	}
	free(*cursor);
	*cursor = json_string_value(json_object_get(page, "cursor")) ?
	    strdup(json_string_value(json_object_get(page, "cursor"))) : NULL;
	more = json_is_true(json_object_get(page, "more"));
	json_decref(page);
	return *cursor != NULL ? more : -1;
}

/*
 * Follows the feed from the lane's cursor until it is current (a full
 * sync without one). Returns 0, or -1 when the server failed it.
 */
static int
lane_poll(struct lane *l)
{
	struct sink	 b;
	char		 path[512], *etag = NULL;
	long		 status;
	int		 more, first = 1;

	l->polls++;
	do {
		if (l->cursor != NULL)
			snprintf(path, sizeof(path), API "/accounts?since=%s&"
			    "limit=%d", l->cursor, opt.limit);
		else
			snprintf(path, sizeof(path), API "/accounts?limit=%d",
			    opt.limit);
		status = lane_http(l, "GET", path, NULL, first ? l->etag : NULL,
		    &b, &etag);
		first = 0;
		if (status == 304) {
			l->not_modified++;
			free(b.data);
			free(etag);
			return 0;
		}
		if (status == 410) {
			/* Start again: a fresh copy. */
			free(l->cursor);
			l->cursor = NULL;
			json_object_clear(l->view);
			json_array_clear(l->numbers);
			free(b.data);
			free(etag);
			etag = NULL;
			more = 1;
			continue;
		}
		if (status != 200 || (more = apply_page(l->view, l->numbers,
		    b.data, &l->cursor, &l->changes)) == -1) {
			lane_fail(l, "feed", status, b.data);
			free(b.data);
			free(etag);
			return -1;
		}
		l->pages++;
		free(b.data);
		free(l->etag);
		l->etag = etag;
		etag = NULL;
	} while (more && !stopping);
	return 0;
}

/* A new transaction for the lane: a sale mostly, a deposit sometimes. */
static json_t *
lane_tx(struct lane *l, int offline)
{
	unsigned char	 r[16];
	char		 id[40], receipt[32];
	const char	*num;
	json_t		*t;
	int		 deposit = !offline && rnd(l) < opt.deposit_share;

	if (json_array_size(l->numbers) == 0)
		return NULL;
	num = json_string_value(json_array_get(l->numbers,
	    (size_t)(rnd(l) * (double)json_array_size(l->numbers))));
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return NULL;
	snprintf(id, sizeof(id), "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", r[0], r[1], r[2], r[3], r[4], r[5],
	    r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
	snprintf(receipt, sizeof(receipt), "L%d-%ld", l->no, l->sent);
	t = json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:b}", "id", id,
	    "type", deposit ? "deposit" : "sale", "account", num, "amount",
	    (json_int_t)(1 + (long long)(rnd(l) * (double)opt.amount_max)),
	    "created_at", "2026-11-23T09:59:58Z", "receipt", receipt,
	    "offline", offline);
	if (t != NULL && deposit)
		json_object_set_new(t, "payment_method", json_string("cash"));
	return t;
}

/* Counts the results of a batch; replay: they must all be duplicates of first. */
static void
count_results(struct lane *l, json_t *res, json_t *first)
{
	json_t	*r;
	size_t	 i;

	json_array_foreach(res, i, r) {
		const char	*st = json_string_value(json_object_get(r,
		    "status"));
		const char	*why = json_string_value(json_object_get(r,
		    "reason"));

		if (st == NULL)
			st = "";
		if (first != NULL) {
			json_t	*f = json_array_get(first, i);
			const char	*fst = json_string_value(
			    json_object_get(f, "status"));
			int	 same = fst != NULL &&
			    (strcmp(fst, "rejected") == 0 ?
			    strcmp(st, "rejected") == 0 &&
			    json_equal(json_object_get(f, "reason"),
			    json_object_get(r, "reason")) :
			    strcmp(st, "duplicate") == 0 &&
			    json_equal(json_object_get(f, "entry"),
			    json_object_get(r, "entry")) &&
			    json_equal(json_object_get(f, "balance"),
			    json_object_get(r, "balance")));

			if (!same)
				l->replay_bad++;
			continue;
		}
		if (strcmp(st, "created") == 0) {
			l->created++;
			if (json_array_size(json_object_get(r, "flags")) > 0)
				l->flagged++;
		} else if (strcmp(st, "duplicate") == 0)
			l->duplicate++;
		else if (strcmp(st, "conflict") == 0)
			l->conflict++;
		else if (strcmp(st, "rejected") == 0) {
			l->rejected++;
			if (why != NULL && strcmp(why, "over_limit") == 0)
				l->rejected_over++;
			else if (why != NULL && strcmp(why, "on_hold") == 0)
				l->rejected_hold++;
			else
				l->rejected_other++;
		}
	}
}

/* Posts txs (an array of at most BATCH_MAX); replays it when its answer is "lost". */
static int
lane_post(struct lane *l, json_t *txs)
{
	json_t		*body = json_pack("{s:O}", "transactions", txs), *ans;
	char		*s = json_dumps(body, JSON_COMPACT);
	struct sink	 b;
	long		 status;
	int		 rc = 0;

	json_decref(body);
	l->requests++;
	l->sent += (long)json_array_size(txs);
	status = lane_http(l, "POST", API "/transactions", s, NULL, &b, NULL);
	if (status != 200 || (ans = json_loads(b.data, 0, NULL)) == NULL) {
		lane_fail(l, "post", status, b.data);
		free(b.data);
		free(s);
		return -1;
	}
	free(b.data);
	count_results(l, json_object_get(ans, "results"), NULL);
	if (rnd(l) < opt.lost) {
		/* The answer never came: send the same batch again. */
		json_t	*again;

		l->replays++;
		status = lane_http(l, "POST", API "/transactions", s, NULL, &b,
		    NULL);
		if (status == 200 && (again = json_loads(b.data, 0,
		    NULL)) != NULL) {
			count_results(l, json_object_get(again, "results"),
			    json_object_get(ans, "results"));
			json_decref(again);
		} else {
			lane_fail(l, "replay", status, b.data);
			rc = -1;
		}
		free(b.data);
	}
	json_decref(ans);
	free(s);
	return rc;
}

/* Sends the backlog kept while offline, a batch at a time. */
static void
lane_flush(struct lane *l)
{
	size_t	 n = json_array_size(l->backlog), i, k;

	for (i = 0; i < n && !stopping; i += BATCH_MAX) {
		json_t	*part = json_array();

		for (k = i; k < n && k < i + BATCH_MAX; k++)
			json_array_append(part, json_array_get(l->backlog, k));
		l->offline_sent += (long)json_array_size(part);
		lane_post(l, part);
		json_decref(part);
	}
	json_array_clear(l->backlog);
}

static void *
lane_run(void *arg)
{
	struct lane	*l = arg;
	double		 start = now(), end = start + opt.seconds;
	double		 next_poll, next_post, off_from = -1, off_to = -1;
	int		 offline = 0;

	if ((l->curl = curl_easy_init()) == NULL)
		return NULL;
	/* Lanes start over a while, as tills do, not all in one instant. */
	sleep_until(start + rnd(l) * (opt.spread >= 0 ? opt.spread :
	    opt.poll_interval > 0 ? opt.poll_interval : 0));
	if (lane_poll(l) == -1)
		return NULL;
	if (l->no < opt.offline_lanes) {
		off_from = start + rnd(l) * (opt.seconds - opt.offline_seconds) /
		    2;
		off_to = off_from + opt.offline_seconds;
	}
	/* Spread the lanes over the first interval. */
	next_poll = opt.poll_interval >= 0 ? start + rnd(l) *
	    (opt.poll_interval > 0 ? opt.poll_interval : 0) : end + 1;
	next_post = opt.post_interval >= 0 ? start + rnd(l) *
	    opt.post_interval : end + 1;
	while (!stopping) {
		double	 t = now(), next;

		if (t >= end)
			break;
		if (!offline && t >= off_from && t < off_to)
			offline = 1;
		else if (offline && t >= off_to) {
			offline = 0;
			lane_flush(l);
			lane_poll(l);
		}
		if (t >= next_post) {
			json_t	*txs = json_array();
			int	 i;

			for (i = 0; i < opt.batch; i++) {
				json_t	*tx = lane_tx(l, offline);

				if (tx == NULL)
					break;
				if (offline && json_array_size(l->backlog) <
				    MAX_BACKLOG)
					json_array_append_new(l->backlog, tx);
				else if (offline)
					json_decref(tx);
				else
					json_array_append_new(txs, tx);
			}
			if (json_array_size(txs) > 0)
				lane_post(l, txs);
			json_decref(txs);
			next_post += opt.post_interval;
			if (next_post < now() - 1)
				next_post = now();
		}
		if (t >= next_poll) {
			if (!offline)
				lane_poll(l);
			next_poll += opt.poll_interval;
			if (next_poll < now() - 1)
				next_poll = now();
		}
		next = next_poll < next_post ? next_poll : next_post;
		if (next > end)
			next = end;
		if (opt.post_interval != 0)
			sleep_until(next);
	}
	if (offline)
		lane_flush(l);
	return NULL;
}

/* Reads up to max tokens from a file, one a line. */
static int
read_tokens(const char *path, struct lane *lanes, int max)
{
	FILE	*f = fopen(path, "r");
	char	 line[200];
	int	 n = 0;

	if (f == NULL) {
		fprintf(stderr, "lanesim: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (n < max && fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		snprintf(lanes[n].token, sizeof(lanes[n].token), "%s", line);
		n++;
	}
	fclose(f);
	return n;
}

static void
usage(void)
{
	fprintf(stderr, "usage: lanesim --url URL --tokens FILE [--lanes N] "
	    "[--seconds S]\n"
	    "  [--poll-interval S (-1: none)] [--post-interval S (0: back to "
	    "back, -1: none)]\n"
	    "  [--batch N] [--limit N] [--offline-lanes N] "
	    "[--offline-seconds S]\n"
	    "  [--lost SHARE] [--amount-max CENTS] [--deposit-share SHARE] "
	    "[--no-verify] [--quiet]\n"
	    "  [--start-spread S (default: the poll interval)]\n"
	    "  or: lanesim --url URL --tokens FILE --sync-only [--limit N]\n");
	exit(2);
}

static void
parse_options(int argc, char *argv[])
{
	static const struct option longs[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "tokens", required_argument, NULL, 't' },
		{ "lanes", required_argument, NULL, 'n' },
		{ "seconds", required_argument, NULL, 's' },
		{ "poll-interval", required_argument, NULL, 'p' },
		{ "post-interval", required_argument, NULL, 'P' },
		{ "batch", required_argument, NULL, 'b' },
		{ "limit", required_argument, NULL, 'l' },
		{ "offline-lanes", required_argument, NULL, 'o' },
		{ "offline-seconds", required_argument, NULL, 'O' },
		{ "lost", required_argument, NULL, 'L' },
		{ "amount-max", required_argument, NULL, 'a' },
		{ "deposit-share", required_argument, NULL, 'd' },
		{ "no-verify", no_argument, NULL, 'V' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "sync-only", no_argument, NULL, 'S' },
		{ "start-spread", required_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	int	 c;

	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (c) {
		case 'u': opt.url = optarg; break;
		case 't': opt.tokens = optarg; break;
		case 'n': opt.lanes = atoi(optarg); break;
		case 's': opt.seconds = atof(optarg); break;
		case 'p': opt.poll_interval = atof(optarg); break;
		case 'P': opt.post_interval = atof(optarg); break;
		case 'b': opt.batch = atoi(optarg); break;
		case 'l': opt.limit = atoi(optarg); break;
		case 'o': opt.offline_lanes = atoi(optarg); break;
		case 'O': opt.offline_seconds = atof(optarg); break;
		case 'L': opt.lost = atof(optarg); break;
		case 'a': opt.amount_max = atoll(optarg); break;
		case 'd': opt.deposit_share = atof(optarg); break;
		case 'V': opt.verify = 0; break;
		case 'q': opt.quiet = 1; break;
		case 'S': opt.sync_only = 1; break;
		case 'T': opt.spread = atof(optarg); break;
		default: usage();
		}
	}
	if (opt.url == NULL || opt.tokens == NULL || opt.seconds <= 0 ||
	    opt.batch < 1 || opt.batch > BATCH_MAX || opt.limit < 1 ||
	    opt.limit > 1000 || opt.amount_max < 1 ||
	    opt.offline_seconds >= opt.seconds)
		usage();
}

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* Merges every lane's latencies of one kind, sorted. */
static struct lat
merge(struct lane *lanes, int n, int post)
{
	struct lat	 all = { 0 };
	int		 i;
	size_t		 k;

	for (i = 0; i < n; i++) {
		struct lat	*x = post ? &lanes[i].post_lat :
		    &lanes[i].poll_lat;

		for (k = 0; k < x->n; k++)
			lat_add(&all, x->ms[k]);
	}
	qsort(all.ms, all.n, sizeof(double), cmp_double);
	return all;
}

/* Brings every lane current, takes a fresh full sync, compares. Returns mismatches. */
static int
verify(struct lane *lanes, int n)
{
	struct lane	 fresh;
	int		 i, bad = 0;

	memset(&fresh, 0, sizeof(fresh));
	snprintf(fresh.token, sizeof(fresh.token), "%s", lanes[0].token);
	fresh.view = json_object();
	fresh.numbers = json_array();
	fresh.curl = curl_easy_init();
	for (i = 0; i < n; i++)
		lane_poll(&lanes[i]);
	if (lane_poll(&fresh) == -1) {
		fprintf(stderr, "lanesim: the fresh full sync failed: %s\n",
		    fresh.error);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const char	*k;
		json_t		*v;

		if (!json_equal(lanes[i].view, fresh.view)) {
			lanes[i].mismatches = 0;
			json_object_foreach(fresh.view, k, v)
				if (!json_equal(v, json_object_get(
				    lanes[i].view, k)))
					lanes[i].mismatches++;
			if (json_object_size(lanes[i].view) !=
			    json_object_size(fresh.view))
				lanes[i].mismatches++;
			bad++;
		}
	}
	printf("verify: %zu accounts in a fresh full sync; %d of %d lanes "
	    "differ from it\n", json_object_size(fresh.view), bad, n);
	json_decref(fresh.view);
	json_decref(fresh.numbers);
	free(fresh.cursor);
	free(fresh.etag);
	free(fresh.poll_lat.ms);
	curl_easy_cleanup(fresh.curl);
	return bad;
}

/* One full sync by the first lane: prints the accounts, pages and seconds. */
static int
sync_only(struct lane *l)
{
	double	 t0 = now(), took;

	l->view = json_object();
	l->numbers = json_array();
	if ((l->curl = curl_easy_init()) == NULL || lane_poll(l) == -1) {
		fprintf(stderr, "lanesim: the full sync failed: %s\n", l->error);
		return 1;
	}
	took = now() - t0;
	printf("full sync: %zu accounts in %ld pages of up to %d: %.3f s\n",
	    json_object_size(l->view), l->pages, opt.limit, took);
	json_decref(l->view);
	json_decref(l->numbers);
	free(l->cursor);
	free(l->etag);
	free(l->poll_lat.ms);
	curl_easy_cleanup(l->curl);
	return 0;
}

/* The CPU seconds this process has used, user and system. */
static double
cpu_seconds(void)
{
	struct rusage	 ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	static struct lane	 lanes[MAX_LANES];
	pthread_t		*th;
	pthread_attr_t		 attr;
	struct lane		 tot;
	struct lat		 polls, posts;
	double			 t0, elapsed;
	int			 n, i, bad = 0, rc = 0;

	parse_options(argc, argv);
	if ((n = read_tokens(opt.tokens, lanes, MAX_LANES)) <= 0) {
		fprintf(stderr, "lanesim: no tokens in %s\n", opt.tokens);
		return 1;
	}
	if (opt.lanes > 0) {
		if (opt.lanes > n) {
			fprintf(stderr, "lanesim: %d lanes asked for, %d tokens\n",
			    opt.lanes, n);
			return 1;
		}
		n = opt.lanes;
	}
	if (opt.sync_only) {
		curl_global_init(CURL_GLOBAL_ALL);
		rc = sync_only(&lanes[0]);
		curl_global_cleanup();
		return rc;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	curl_global_init(CURL_GLOBAL_ALL);
	json_object_seed(0);
	th = calloc((size_t)n, sizeof(*th));
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	t0 = now();
	for (i = 0; i < n; i++) {
		lanes[i].no = i;
		lanes[i].seed = (unsigned)(i * 2654435761u) ^ (unsigned)getpid();
		lanes[i].view = json_object();
		lanes[i].numbers = json_array();
		lanes[i].backlog = json_array();
		if (pthread_create(&th[i], &attr, lane_run, &lanes[i]) != 0) {
			fprintf(stderr, "lanesim: cannot start lane %d\n", i);
			return 1;
		}
	}
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	elapsed = now() - t0;

	memset(&tot, 0, sizeof(tot));
	if (!opt.quiet)
		printf("%5s %7s %6s %7s %7s %7s %7s %6s %6s %7s %6s %6s %5s\n",
		    "lane", "polls", "304", "changes", "sent", "created", "dup",
		    "rej", "flag", "offline", "replay", "errors", "429");
	for (i = 0; i < n; i++) {
		struct lane	*l = &lanes[i];

		if (!opt.quiet)
			printf("%5d %7ld %6ld %7ld %7ld %7ld %7ld %6ld %6ld "
			    "%7ld %6ld %6ld %5ld\n", i, l->polls,
			    l->not_modified, l->changes, l->sent, l->created,
			    l->duplicate, l->rejected, l->flagged,
			    l->offline_sent, l->replays, l->http_errors,
			    l->rate_limited);
		tot.polls += l->polls;
		tot.not_modified += l->not_modified;
		tot.pages += l->pages;
		tot.changes += l->changes;
		tot.requests += l->requests;
		tot.sent += l->sent;
		tot.created += l->created;
		tot.duplicate += l->duplicate;
		tot.conflict += l->conflict;
		tot.rejected += l->rejected;
		tot.rejected_over += l->rejected_over;
		tot.rejected_hold += l->rejected_hold;
		tot.rejected_other += l->rejected_other;
		tot.flagged += l->flagged;
		tot.offline_sent += l->offline_sent;
		tot.replays += l->replays;
		tot.replay_bad += l->replay_bad;
		tot.http_errors += l->http_errors;
		tot.rate_limited += l->rate_limited;
		if (l->error[0] != '\0')
			fprintf(stderr, "lane %d: %s\n", i, l->error);
	}
	polls = merge(lanes, n, 0);
	posts = merge(lanes, n, 1);
	printf("lanes %d, %.1f s: polls %ld (304: %ld), pages %ld, account "
	    "changes %ld\n", n, elapsed, tot.polls, tot.not_modified, tot.pages,
	    tot.changes);
	printf("posted %ld transactions in %ld requests: created %ld (flagged "
	    "%ld), duplicate %ld, conflict %ld, rejected %ld (over_limit %ld, "
	    "on_hold %ld, other %ld); offline backlog sent %ld\n", tot.sent,
	    tot.requests, tot.created, tot.flagged, tot.duplicate, tot.conflict,
	    tot.rejected, tot.rejected_over, tot.rejected_hold,
	    tot.rejected_other, tot.offline_sent);
	printf("replays after a lost answer %ld, of them not the first answer "
	    "again %ld; HTTP errors %ld; rate limited %ld\n", tot.replays,
	    tot.replay_bad, tot.http_errors, tot.rate_limited);
	printf("throughput: %.1f transactions/s, %.1f feed requests/s\n",
	    (double)tot.sent / elapsed, (double)polls.n / elapsed);
	printf("latency ms   %8s %8s %8s %8s %8s\n", "n", "p50", "p95", "p99",
	    "max");
	printf("  feed       %8zu %8.2f %8.2f %8.2f %8.2f\n", polls.n,
	    pct(&polls, 50), pct(&polls, 95), pct(&polls, 99),
	    pct(&polls, 100));
	printf("  post       %8zu %8.2f %8.2f %8.2f %8.2f\n", posts.n,
	    pct(&posts, 50), pct(&posts, 95), pct(&posts, 99),
	    pct(&posts, 100));
	printf("lanesim itself: %.2f CPU seconds (%.1f%% of one core)\n",
	    cpu_seconds(), 100 * cpu_seconds() / elapsed);
	free(polls.ms);
	free(posts.ms);
	if (opt.verify && !stopping)
		bad = verify(lanes, n);
	if (bad != 0 || tot.http_errors > 0 || tot.replay_bad > 0 ||
	    tot.conflict > 0)
		rc = 1;
	for (i = 0; i < n; i++) {
		json_decref(lanes[i].view);
		json_decref(lanes[i].numbers);
		json_decref(lanes[i].backlog);
		free(lanes[i].cursor);
		free(lanes[i].etag);
		free(lanes[i].poll_lat.ms);
		free(lanes[i].post_lat.ms);
		if (lanes[i].curl != NULL)
			curl_easy_cleanup(lanes[i].curl);
	}
	free(th);
	pthread_attr_destroy(&attr);
	curl_global_cleanup();
	printf("lanesim: %s\n", rc == 0 ? "OK" : "FAILED");
	return rc;
}
