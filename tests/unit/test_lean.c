/*
 * test_lean.c: the batch replay's fast paths change nothing.
 *
 * engine_step_lean leaves out only what its readers never look at (the
 * stack, the skb views, the counter deltas): the same replay taken with
 * full and with lean steps must give the same steps, the same fates and
 * the same world; and the batch output is the same whether the steps
 * without a fate reach the batch sink or not (step_sink.fates_only).  The JSON writer escapes a string whatever it holds
 * and wherever the special byte sits (its fast check reads eight bytes
 * at a time).
 */
#include "testlib.h"

#include "batch.h"
#include "replay.h"

#define HOST "nic add eth0 mac 02:00:00:00:00:02\n" \
	     "ip link set eth0 up\n" \
	     "ip addr add 10.0.0.2/24 dev eth0\n" \
	     "socket app udp bind 10.0.0.2:5000\n" \
	     "iptables -A INPUT -p icmp -j ACCEPT\n" \
	     "iptables -A INPUT -p udp --dport 6000 -j DROP\n"

/* Runs text in settle mode, every step to tr; lean as the batch sets it. */
static void run_traced(struct world *w, const char *text, struct tw_trace *tr,
		       bool lean)
{
	FILE *out = fopen("/dev/null", "w");
	struct cmd_ctx ctx;

	assert_non_null(out);
	cmd_ctx_init(&ctx, out, out);
	ctx.sink.fn = tw_trace_sink;
	ctx.sink.arg = tr;
	ctx.sink.lean = lean;
	assert_int_equal(scenario_run_text(w, &ctx, "test", text), CMD_OK);
	cmd_ctx_free(&ctx);
	fclose(out);
}

static bool fate_same(const struct fate_rec *a, const struct fate_rec *b)
{
	return a->pkt == b->pkt && a->cause == b->cause &&
	       a->origin == b->origin && a->fate == b->fate &&
	       a->dev == b->dev && a->out_dev == b->out_dev &&
	       a->stage == b->stage && a->reason == b->reason &&
	       a->sock == b->sock && a->steps == b->steps &&
	       a->nhooks == b->nhooks &&
	       !memcmp(a->hooks, b->hooks, a->nhooks * sizeof(a->hooks[0])) &&
	       a->nbytes == b->nbytes && a->l2len == b->l2len &&
	       a->protocol == b->protocol && a->wire_len == b->wire_len &&
	       !memcmp(a->bytes, b->bytes, a->nbytes);
}

/* Everything a lean step keeps is what the full step has. */
static bool lean_same(const struct step *f, const struct step *l)
{
	char nf[256], nl[256];

	return !f->lean && l->lean && f->no == l->no && f->t_ns == l->t_ns &&
	       f->ctx == l->ctx && f->stage == l->stage &&
	       f->depth == l->depth && f->pkt == l->pkt &&
	       f->has_skb == l->has_skb && f->view_skb == l->view_skb &&
	       f->hook == l->hook && f->verdict == l->verdict &&
	       f->rule == l->rule && f->nf_table == l->nf_table &&
	       f->nf_chain == l->nf_chain && f->has_route == l->has_route &&
	       f->route_type == l->route_type && f->route_dev == l->route_dev &&
	       f->reason == l->reason && f->has_fate == l->has_fate &&
	       (!f->has_fate || fate_same(&f->fate, &l->fate)) &&
	       f->has_sys_ret == l->has_sys_ret && l->ndeltas == 0 &&
	       !strcmp(step_note_format(f, nf, sizeof(nf)),
		       step_note_format(l, nl, sizeof(nl)));
}

static void check_lean_replay(const char *text)
{
	struct world *a = tw_new(), *b = tw_new();
	struct tw_trace *ta = tw_trace_new(), *tb = tw_trace_new();
	size_t fates = 0;

	run_traced(a, text, ta, false);
	run_traced(b, text, tb, true);
	assert_true(ta->n > 100);
	assert_int_equal(ta->n, tb->n);
	for (size_t i = 0; i < ta->n; i++) {
		if (!lean_same(&ta->s[i], &tb->s[i]))
			print_error("step %zu differs\n", i);
		assert_true(lean_same(&ta->s[i], &tb->s[i]));
		fates += ta->s[i].has_fate;
	}
	assert_true(fates > 10);
	assert_true(world_equal(a, b));
	tw_trace_free(ta);
	tw_trace_free(tb);
	tw_free(a);
	tw_free(b);
}

static void test_lean_mixed_replay_is_the_same(void **state)
{
	(void)state;
	check_lean_replay(HOST "replay captures/mixed.pcap asap\n");
}

static void test_lean_burst_replay_is_the_same(void **state)
{
	(void)state;
	check_lean_replay(HOST "replay captures/udp-burst.pcap asap\n"
			  "recv app all\n");
}

/* What batch mode prints for text (JSON, counters at the end), with the
 * steps without a fate passed to the batch sink or not; malloc'd. */
static char *batch_output(const char *text, bool fates_only)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&buf, &n);
	struct world *w = tw_new();
	struct batch b;
	struct cmd_ctx ctx;

	assert_non_null(out);
	batch_init(&b, out);
	b.format = FMT_JSON;
	cmd_ctx_init(&ctx, b.tool_out, b.tool_out);
	ctx.sink.fn = batch_step;
	ctx.sink.arg = &b;
	ctx.sink.lean = batch_lean(&b);
	ctx.sink.fates_only = fates_only;
	assert_int_equal(scenario_run_text(w, &ctx, "test", text), CMD_OK);
	batch_finish(&b, w);
	cmd_ctx_free(&ctx);
	batch_close(&b);
	fclose(out);
	tw_free(w);
	return buf;
}

/* A replay with no tap (steps skipped), tool output waiting, then a
 * tcpdump tap (every step passed again) and a second replay. */
static void test_fates_only_sink_prints_the_same(void **state)
{
	static const char text[] = HOST
		"replay captures/mixed.pcap asap\n"
		"ip addr show dev eth0\n"
		"replay captures/udp-burst.pcap asap\n"
		"tcpdump -n -i eth0 -c 4\n"
		"replay captures/mixed.pcap asap\n"
		"recv app all\n";
	char *all = batch_output(text, false);
	char *some = batch_output(text, true);

	(void)state;
	assert_non_null(strstr(all, "\"type\":\"fate\""));
	assert_non_null(strstr(all, "\"type\":\"output\""));
	assert_string_equal(all, some);
	free(all);
	free(some);
}

/* The escaping every JSON string had before the fast check. */
static void ref_escape(const char *s, char *out)
{
	*out++ = '"';
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			out += sprintf(out, "\\%c", c);
		else if (c < 0x20)
			out += sprintf(out, "\\u%04x", c);
		else
			*out++ = (char)c;
	}
	*out++ = '"';
	*out = 0;
}

static void check_escape(const char *s)
{
	struct json j;
	char want[256];

	json_init(&j);
	json_raw_str(&j, s);
	ref_escape(s, want);
	assert_int_equal(j.len, strlen(want));
	assert_memory_equal(j.buf, want, j.len);
	json_free(&j);
}

/* A quote, a backslash, a control byte or a high byte at every position
 * of strings up to 20 bytes: both the 8-byte words and the tail. */
static void test_json_escapes_every_position(void **state)
{
	static const char special[] = { '"', '\\', '\n', 0x01, 0x1f, ' ',
					(char)0x80, (char)0xe4, '~' };
	char s[24];

	(void)state;
	check_escape("");
	for (size_t len = 1; len <= 20; len++)
		for (size_t at = 0; at < len; at++)
			for (size_t k = 0; k < sizeof(special); k++) {
				memset(s, 'a', len);
				s[len] = 0;
				s[at] = special[k];
				check_escape(s);
			}
}

static void test_json_raw_pieces(void **state)
{
	struct json j;

	(void)state;
	json_init(&j);
	json_obj_open(&j);
	json_raw(&j, "\"n\":", 4);
	json_raw_u64(&j, 0);
	json_raw(&j, ",\"m\":", 5);
	json_raw_u64(&j, UINT64_MAX);
	json_raw(&j, ",\"f\":", 5);
	json_raw_name(&j, "ip_rcv_core");
	json_obj_close(&j);
	assert_int_equal(j.len, strlen("{\"n\":0,\"m\":18446744073709551615,"
				       "\"f\":\"ip_rcv_core\"}"));
	assert_memory_equal(j.buf, "{\"n\":0,\"m\":18446744073709551615,"
			    "\"f\":\"ip_rcv_core\"}", j.len);
	json_free(&j);
}

/* Numbers as printf writes them, across every digit count. */
static void test_json_numbers(void **state)
{
	(void)state;
	for (int k = 0; k < 20 * 3; k++) {
		uint64_t p = 1, v;
		struct json j;
		char want[24];

		for (int i = 0; i < k / 3; i++)
			p *= 10;
		v = k % 3 == 0 ? p - 1 : k % 3 == 1 ? p : p + 7;
		if (k == 59)
			v = UINT64_MAX;
		json_init(&j);
		json_raw_u64(&j, v);
		snprintf(want, sizeof(want), "%llu", (unsigned long long)v);
		assert_int_equal(j.len, strlen(want));
		assert_memory_equal(j.buf, want, j.len);
		json_free(&j);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lean_mixed_replay_is_the_same),
		cmocka_unit_test(test_lean_burst_replay_is_the_same),
		cmocka_unit_test(test_fates_only_sink_prints_the_same),
		cmocka_unit_test(test_json_escapes_every_position),
		cmocka_unit_test(test_json_raw_pieces),
		cmocka_unit_test(test_json_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
