/*
 * testlib.h: what every cmocka unit test shares (STYLE.md rule 11).
 *
 * A test makes a world with tw_new(), drives it with scenario text through
 * tw_run() -- the same path as a scenario file, with settle mode on -- and
 * ends with tw_assert_pools_empty() and tw_free().  Every test must leave
 * the skb, injector and sender pools empty: read every datagram a socket
 * got (`recv NAME all`) rather than freeing leftovers by hand.
 *
 * tw_run() keeps what the commands printed in tw_out and tw_err (static
 * buffers of this test file), so a test can check an error in the tool's
 * own words; tw_ok() and tw_fails() wrap it.  tw_run_traced() also keeps a
 * copy of every step taken in a trace from tw_trace_new().
 *
 * A failed assertion leaves the test at once; pass tw_teardown as the group
 * teardown (cmocka_run_group_tests(tests, NULL, tw_teardown)) and it frees
 * the worlds and traces such a test left, so leak checkers stay quiet.
 */
#ifndef NETSTEP_TESTS_UNIT_TESTLIB_H
#define NETSTEP_TESTS_UNIT_TESTLIB_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cmd.h"
#include "devinet.h"
#include "engine.h"
#include "json.h"
#include "packet.h"
#include "pkt.h"
#include "pool.h"
#include "route.h"
#include "scenario.h"
#include "skb.h"
#include "step.h"
#include "summary.h"
#include "world.h"

#define TW_TEXT_MAX 65536

/* What the last tw_run() printed: ctx->out and ctx->err, NUL-terminated
 * (cut at TW_TEXT_MAX - 1 bytes). */
static char tw_out[TW_TEXT_MAX];
static char tw_err[TW_TEXT_MAX];

/* Steps kept by tw_run_traced(), in the order they were taken. */
struct tw_trace {
	struct step *s;
	size_t n, cap;
};

/* What a failed assertion (a longjmp out of the test) would leak: worlds
 * and traces still live.  tw_teardown, the group teardown, frees them. */
#define TW_LIVE_MAX 32
static struct world *tw_live_w[TW_LIVE_MAX];
static struct tw_trace *tw_live_t[TW_LIVE_MAX];

static inline void tw_live_add(void **set, void *p)
{
	for (int i = 0; i < TW_LIVE_MAX; i++)
		if (!set[i]) {
			set[i] = p;
			return;
		}
	fail_msg("testlib: more than %d live worlds or traces", TW_LIVE_MAX);
}

static inline void tw_live_del(void **set, void *p)
{
	for (int i = 0; i < TW_LIVE_MAX; i++)
		if (set[i] == p)
			set[i] = NULL;
}

static inline struct world *tw_new(void)
{
	struct world *w = world_new();

	assert_non_null(w);
	tw_live_add((void **)tw_live_w, w);
	return w;
}

static inline void tw_free(struct world *w)
{
	tw_live_del((void **)tw_live_w, w);
	world_free(w);
}

static inline struct tw_trace *tw_trace_new(void)
{
	struct tw_trace *tr = calloc(1, sizeof(*tr));

	assert_non_null(tr);
	tw_live_add((void **)tw_live_t, tr);
	return tr;
}

static inline void tw_trace_sink(void *arg, const struct world *w,
				 const struct step *s)
{
	struct tw_trace *tr = arg;

	(void)w;
	if (tr->n == tr->cap) {
		size_t cap = tr->cap ? tr->cap * 2 : 256;
		struct step *ns = realloc(tr->s, cap * sizeof(*ns));

		assert_non_null(ns);
		tr->s = ns;
		tr->cap = cap;
	}
	tr->s[tr->n++] = *s;
}

static inline void tw_trace_free(struct tw_trace *tr)
{
	tw_live_del((void **)tw_live_t, tr);
	free(tr->s);
	free(tr);
}

/* Group teardown: frees what failed tests left behind.  Use as
 * cmocka_run_group_tests(tests, NULL, tw_teardown). */
static inline int tw_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < TW_LIVE_MAX; i++) {
		if (tw_live_w[i])
			tw_free(tw_live_w[i]);
		if (tw_live_t[i])
			tw_trace_free(tw_live_t[i]);
	}
	return 0;
}

static inline void tw_copy_stream(char *dst, char *src, size_t len)
{
	if (len >= TW_TEXT_MAX)
		len = TW_TEXT_MAX - 1;
	if (src)
		memcpy(dst, src, len);
	dst[src ? len : 0] = 0;
}

/* Runs text as a scenario named "test" (errors read "test:LINE: ...").
 * tr, when not NULL, receives every step. */
static inline enum cmd_status tw_run_traced(struct world *w, const char *text,
					    struct tw_trace *tr)
{
	char *obuf = NULL, *ebuf = NULL;
	size_t olen = 0, elen = 0;
	FILE *out = open_memstream(&obuf, &olen);
	FILE *err = open_memstream(&ebuf, &elen);
	struct cmd_ctx ctx;
	enum cmd_status st;

	assert_non_null(out);
	assert_non_null(err);
	cmd_ctx_init(&ctx, out, err);
	ctx.settle = true;
	if (tr) {
		ctx.sink.fn = tw_trace_sink;
		ctx.sink.arg = tr;
	}
	st = scenario_run_text(w, &ctx, "test", text);
	cmd_ctx_free(&ctx);
	fclose(out);
	fclose(err);
	tw_copy_stream(tw_out, obuf, olen);
	tw_copy_stream(tw_err, ebuf, elen);
	free(obuf);
	free(ebuf);
	return st;
}

static inline enum cmd_status tw_run(struct world *w, const char *text)
{
	return tw_run_traced(w, text, NULL);
}

/* tw_run() that must succeed; on failure the error text is printed. */
#define tw_ok(w, text) do { \
	enum cmd_status tw_st_ = tw_run((w), (text)); \
	if (tw_st_ != CMD_OK) \
		print_error("scenario failed (%d): %s\n", (int)tw_st_, tw_err); \
	assert_int_equal(tw_st_, CMD_OK); \
} while (0)

/* tw_run() that must fail with an error containing words (the status of a
 * scenario is CMD_USAGE for a bad line, CMD_FAIL for a failed expect). */
#define tw_fails(w, text, words) do { \
	enum cmd_status tw_st_ = tw_run((w), (text)); \
	if (tw_st_ == CMD_OK) \
		print_error("scenario should have failed: %s\n", (text)); \
	assert_int_not_equal(tw_st_, CMD_OK); \
	if (!strstr(tw_err, (words))) \
		print_error("wanted an error with \"%s\", got: %s\n", \
			    (words), tw_err); \
	assert_non_null(strstr(tw_err, (words))); \
} while (0)

/* STYLE.md rule 11: nothing left allocated in the packet pools. */
static inline void tw_assert_pools_empty(const struct world *w)
{
	if (w->skb_pool.in_use)
		print_error("%u skb(s) still allocated\n", w->skb_pool.in_use);
	if (w->inj_pool.in_use)
		print_error("%u injector(s) still allocated\n",
			    w->inj_pool.in_use);
	if (w->sender_pool.in_use)
		print_error("%u sender(s) still allocated\n",
			    w->sender_pool.in_use);
	assert_int_equal(w->skb_pool.in_use, 0);
	assert_int_equal(w->inj_pool.in_use, 0);
	assert_int_equal(w->sender_pool.in_use, 0);
}

/* The host most tests start from: eth0 (02:00:00:00:00:02) up with
 * 10.0.0.2/24, as in the oracle's examples. */
#define TW_HOST \
	"nic add eth0 mac 02:00:00:00:00:02\n" \
	"ip link set eth0 up\n" \
	"ip addr add 10.0.0.2/24 dev eth0\n"

/* hex string -> bytes; returns the count */
static inline size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;

	for (; s[0] && s[1]; s += 2) {
		unsigned v;

		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
	}
	return n;
}

#endif
