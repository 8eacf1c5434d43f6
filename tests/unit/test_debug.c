/* test_debug.c: the debugger model -- stepping both ways, exactly. */
#include "testlib.h"
#include "debug.h"
#include "history.h"
#include "stages.h"

/* A debugger on the demo scenario (or text), with its own world. */
struct td {
	struct world *w;
	struct cmd_ctx ctx;
	struct dbg d;
	char *obuf, *ebuf;
	size_t olen, elen;
	FILE *out, *err;
};

static struct td *td_new(const char *text)
{
	struct td *t = calloc(1, sizeof(*t));
	struct script sc = { 0 };

	assert_non_null(t);
	t->w = tw_new();
	t->out = open_memstream(&t->obuf, &t->olen);
	t->err = open_memstream(&t->ebuf, &t->elen);
	cmd_ctx_init(&t->ctx, t->out, t->err);
	assert_true(script_add_text(&sc, "test", text ? text : scenario_demo));
	assert_true(dbg_init(&t->d, t->w, &t->ctx, &sc));
	return t;
}

static void td_free(struct td *t)
{
	dbg_free(&t->d);
	cmd_ctx_free(&t->ctx);
	fclose(t->out);
	fclose(t->err);
	free(t->obuf);
	free(t->ebuf);
	tw_free(t->w);
	free(t);
}

static const char *fn(uint16_t st)
{
	return stage_info((enum stage)st)->func;
}

static void test_snapshot_restores_exactly(void **state)
{
	struct td *t = td_new(NULL);
	struct world *copy = tw_new();
	size_t len;
	void *snap;

	(void)state;
	dbg_step(&t->d, 40);
	snap = world_snapshot(t->w, &len);
	assert_non_null(snap);
	assert_true(len < sizeof(struct world) / 4);
	world_clone(copy, t->w);
	dbg_step(&t->d, 60);
	assert_false(world_equal(copy, t->w));
	world_restore(t->w, snap);
	assert_true(world_equal(copy, t->w));
	free(snap);
	tw_free(copy);
	td_free(t);
}

static void test_reverse_step_is_exact_at_any_depth(void **state)
{
	/* the world after each of the first 700 steps (past two automatic
	 * checkpoints), then back one at a time: each must be equal */
	enum { N = 700, SAVE_EVERY = 50 };
	struct td *t = td_new(TW_HOST "socket app udp bind 10.0.0.2:5000\n"
			      "inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 "
			      "count 40 gap 3us\nrecv app all\n"
			      "inject eth0 udp 10.0.0.1:1 > 10.0.0.2:6000 "
			      "count 10\n");
	struct world *saved[N / SAVE_EVERY + 1];
	struct step last[N / SAVE_EVERY + 1];
	int ns = 0;

	(void)state;
	for (int i = 1; i <= N; i++) {
		assert_int_equal(dbg_step(&t->d, 1), DBG_STEPPED);
		if (i % SAVE_EVERY == 0) {
			saved[ns] = tw_new();
			world_clone(saved[ns], t->w);
			last[ns++] = t->d.last;
		}
	}
	for (int i = N; i >= SAVE_EVERY; i--) {
		if (i % SAVE_EVERY == 0) {
			int k = i / SAVE_EVERY - 1;

			assert_int_equal(t->w->step_no, saved[k]->step_no);
			assert_true(world_equal(t->w, saved[k]));
			assert_int_equal(t->d.last.no, last[k].no);
			assert_int_equal(t->d.last.stage, last[k].stage);
			assert_int_equal(t->d.last.depth, last[k].depth);
		}
		assert_int_equal(dbg_reverse_step(&t->d, 1), DBG_STEPPED);
	}
	for (int k = 0; k < ns; k++)
		tw_free(saved[k]);
	td_free(t);
}

static void test_reverse_to_start_then_forward_again(void **state)
{
	struct td *t = td_new(NULL);
	struct world *end = tw_new();
	uint64_t n;
	size_t setup;

	(void)state;
	/* the first lines, up to the first traffic, run before any step */
	assert_true(dbg_feed_script(&t->d));
	setup = t->d.script_pos;
	assert_true(setup > 3);
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	n = t->w->step_no;
	assert_true(n > 200);
	/* the pipeline's drop marks: the closed port and the filtered frame */
	assert_int_equal(t->w->stage_drops[ST_udp_rcv], 1);
	assert_int_equal(t->w->stage_drops[ST_nic_rx_frame], 1);
	world_clone(end, t->w);
	assert_int_equal(dbg_reverse_step(&t->d, n + 5), DBG_AT_START);
	assert_false(t->d.has_last);
	assert_int_equal(t->d.script_pos, setup);
	assert_int_equal(t->w->stage_drops[ST_udp_rcv], 0);
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	assert_int_equal(t->w->step_no, n);
	assert_true(world_equal(end, t->w));
	tw_free(end);
	td_free(t);
}

static void test_break_func_and_reverse_continue(void **state)
{
	struct td *t = td_new(NULL);
	char err[200];
	uint64_t first, second;

	(void)state;
	assert_true(dbg_break_add(&t->d, "ip_rcv_core", err, sizeof(err)) > 0);
	assert_int_equal(dbg_continue(&t->d), DBG_BREAKPOINT);
	assert_string_equal(fn(t->d.last.stage), "ip_rcv_core");
	first = t->d.last.no;
	assert_int_equal(dbg_continue(&t->d), DBG_BREAKPOINT);
	second = t->d.last.no;
	assert_true(second > first);
	assert_int_equal(dbg_reverse_continue(&t->d), DBG_BREAKPOINT);
	assert_int_equal(t->d.last.no, first);
	assert_int_equal(t->w->step_no, first);
	assert_int_equal(dbg_break_add(&t->d, "no_such_function", err,
				       sizeof(err)), -1);
	assert_non_null(strstr(err, "not defined"));
	td_free(t);
}

static void test_break_drop_with_reason(void **state)
{
	struct td *t = td_new(NULL);
	char err[200];

	(void)state;
	assert_true(dbg_break_add(&t->d, "drop NO_SOCKET", err, sizeof(err)) > 0);
	assert_int_equal(dbg_continue(&t->d), DBG_BREAKPOINT);
	assert_true(t->d.last.has_fate);
	assert_int_equal(t->d.last.fate.reason, DROP_NO_SOCKET);
	assert_string_equal(fn(t->d.last.stage), "__udp4_lib_rcv");
	assert_int_equal(dbg_break_add(&t->d, "drop BOGUS", err, sizeof(err)),
			 -1);
	td_free(t);
}

static void test_break_if_filter(void **state)
{
	/* the first step that sees the closed-port datagram (port 6000) as
	 * bytes: the NIC's DMA */
	struct td *t = td_new(NULL);
	char err[200];

	(void)state;
	assert_true(dbg_break_add(&t->d, "if udp dst port 6000", err,
				  sizeof(err)) > 0);
	assert_int_equal(dbg_continue(&t->d), DBG_BREAKPOINT);
	assert_true(t->d.last.has_skb);
	assert_int_equal(t->d.last.pkt, 4);   /* the demo's fourth packet */
	assert_int_equal(dbg_break_add(&t->d, "if udp port", err, sizeof(err)),
			 -1);
	td_free(t);
}

static void test_next_and_finish_stay_in_the_frame(void **state)
{
	struct td *t = td_new(NULL);
	char err[200];
	uint8_t depth;

	(void)state;
	assert_true(dbg_break_add(&t->d, "ip_rcv", err, sizeof(err)) > 0);
	assert_int_equal(dbg_continue(&t->d), DBG_BREAKPOINT);
	dbg_delete(&t->d, -1);
	depth = t->d.last.depth;
	/* ip_rcv -> ip_rcv_core is a jump (same depth), then ip_rcv_finish */
	assert_int_equal(dbg_next(&t->d, 1), DBG_STEPPED);
	assert_true(t->d.last.depth <= depth);
	assert_int_equal(t->d.last.ctx, CTX_SOFTIRQ);
	depth = t->d.last.depth;
	assert_int_equal(dbg_finish(&t->d), DBG_STEPPED);
	assert_true(t->d.last.depth < depth);
	assert_int_equal(dbg_reverse_finish(&t->d), DBG_STEPPED);
	assert_true(t->d.last.depth < depth);
	td_free(t);
}

static void test_watch_counter_stops_when_it_moves(void **state)
{
	struct td *t = td_new(NULL);
	char err[200];

	(void)state;
	assert_true(dbg_watch_add(&t->d, "UdpNoPorts", err, sizeof(err)) > 0);
	assert_int_equal(dbg_continue(&t->d), DBG_WATCHPOINT);
	assert_int_equal(t->w->snmp[CTR_UdpNoPorts], 1);
	assert_true(dbg_watch_add(&t->d, "socket app", err, sizeof(err)) > 0);
	assert_int_equal(dbg_watch_add(&t->d, "socket nope", err, sizeof(err)),
			 -1);
	assert_int_equal(dbg_watch_add(&t->d, "NoSuchCounter", err,
				       sizeof(err)), -1);
	td_free(t);
}

static void test_command_undone_by_going_back(void **state)
{
	struct td *t = td_new(NULL);
	uint64_t at;

	(void)state;
	dbg_step(&t->d, 10);
	at = t->w->step_no;
	assert_int_equal(dbg_command(&t->d, "sysctl -w net.ipv4.ip_forward=1"),
			 CMD_OK);
	assert_int_equal(t->w->sysctl[SYS_ip_forward], 1);
	dbg_step(&t->d, 5);
	dbg_reverse_step(&t->d, 5);
	assert_int_equal(t->w->step_no, at);
	assert_int_equal(t->w->sysctl[SYS_ip_forward], 0);
	td_free(t);
}

static void test_script_runs_as_batch_does(void **state)
{
	/* the demo stepped to the end leaves the same counters as batch */
	struct td *t = td_new(NULL);
	struct world *b = tw_new();

	(void)state;
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	tw_ok(b, scenario_demo);
	assert_memory_equal(t->w->snmp, b->snmp, sizeof(b->snmp));
	assert_int_equal(t->d.script_pos, t->d.script.n);
	tw_free(b);
	td_free(t);
}

static void test_rerun_finds_where_the_path_changes(void **state)
{
	/* a teacher turns on icmp_echo_ignore_all after the demo ran: the
	 * re-run goes the same way until the echo request reaches
	 * icmp_rcv/icmp_echo, then differs */
	struct td *t = td_new(NULL);
	uint64_t end;

	(void)state;
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	end = t->w->step_no;
	assert_int_equal(dbg_rerun(&t->d), DBG_STEPPED);
	assert_non_null(strstr(t->d.stop_msg, "same path"));
	assert_int_equal(t->w->step_no, end);
	assert_int_equal(dbg_command(&t->d, "sysctl -w "
				     "net.ipv4.icmp_echo_ignore_all=1"), CMD_OK);
	assert_int_equal(dbg_rerun(&t->d), DBG_BREAKPOINT);
	assert_non_null(strstr(t->d.stop_msg, "differs"));
	assert_int_equal(t->w->sysctl[SYS_icmp_echo_ignore_all], 1);
	assert_true(t->w->step_no < end);
	assert_int_equal(t->d.last.pkt, 2);     /* the demo's echo request */
	td_free(t);
}

/* A teacher adds an iptables rule at the console after the packet went
 * through, and rerun replays the inputs: the path differs where the new
 * rule is tested, and the datagram is dropped there this time. */
static void test_rerun_after_an_iptables_rule(void **state)
{
	struct td *t = td_new(TW_HOST
		"socket app udp bind 10.0.0.2:5000\n"
		"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"x\"\n");

	(void)state;
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	assert_int_equal(t->w->sock[0].rq.qlen, 1);
	assert_int_equal(dbg_command(&t->d, "iptables -A INPUT -p udp "
				     "--dport 5000 -j DROP"), CMD_OK);
	assert_int_equal(dbg_rerun(&t->d), DBG_BREAKPOINT);
	assert_non_null(strstr(t->d.stop_msg, "differs"));
	assert_string_equal(fn(t->d.last.stage), "nf_hook_slow");
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	assert_int_equal(t->w->sock[0].rq.qlen, 0);
	assert_int_equal(t->w->ipt_rule[0].pkts, 1);
	td_free(t);
}

static int count_of(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* A LOG rule's line reaches the console when the step that wrote it is
 * taken, once: going back and forth again does not repeat it; a rule
 * changed in the past makes the lines after it new. */
static void test_log_lines_reach_the_console_once(void **state)
{
	struct td *t = td_new(TW_HOST
		"iptables -A INPUT -p udp -j LOG --log-prefix \"in: \"\n"
		"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"x\"\n");
	uint64_t mid;

	(void)state;
	t->d.klog = t->out;
	assert_int_equal(dbg_step(&t->d, 1), DBG_STEPPED);
	mid = t->w->step_no;
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	fflush(t->out);
	assert_int_equal(count_of(t->obuf, "] in: IN=eth0 OUT= MAC="), 1);
	assert_int_equal(dbg_goto(&t->d, mid), DBG_STEPPED);
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	fflush(t->out);
	assert_int_equal(count_of(t->obuf, "] in: IN=eth0"), 1);
	assert_int_equal(dbg_goto(&t->d, mid), DBG_STEPPED);
	assert_int_equal(dbg_command(&t->d, "iptables -R INPUT 1 -p udp -j LOG "
				     "--log-prefix \"again: \""), CMD_OK);
	assert_int_equal(dbg_continue(&t->d), DBG_IDLE);
	fflush(t->out);
	assert_int_equal(count_of(t->obuf, "] again: IN=eth0"), 1);
	td_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_snapshot_restores_exactly),
		cmocka_unit_test(test_reverse_step_is_exact_at_any_depth),
		cmocka_unit_test(test_reverse_to_start_then_forward_again),
		cmocka_unit_test(test_break_func_and_reverse_continue),
		cmocka_unit_test(test_break_drop_with_reason),
		cmocka_unit_test(test_break_if_filter),
		cmocka_unit_test(test_next_and_finish_stay_in_the_frame),
		cmocka_unit_test(test_watch_counter_stops_when_it_moves),
		cmocka_unit_test(test_command_undone_by_going_back),
		cmocka_unit_test(test_script_runs_as_batch_does),
		cmocka_unit_test(test_rerun_finds_where_the_path_changes),
		cmocka_unit_test(test_log_lines_reach_the_console_once),
		cmocka_unit_test(test_rerun_after_an_iptables_rule),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
