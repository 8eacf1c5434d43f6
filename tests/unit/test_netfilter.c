/* test_netfilter.c: iptables' rule walk (ipt_do_table), its counters, rule
 * editing, loop refusal, REJECT, MARK and xt_limit's arithmetic. */
#include "testlib.h"

#include "ip_tables.h"
#include "netfilter.h"

#define PEER "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 " \
	     "nud permanent\n"

/* rule pos (1-based) of chain name in table t */
static const struct ipt_rule *rule_of(const struct world *w, enum ipt_table t,
				      const char *chain, uint32_t pos)
{
	int c = ipt_chain_find(w, t, chain);
	uint32_t h;

	assert_true(c >= 0);
	h = ipt_rule_at(w, c, pos);
	assert_true(h != 0);
	return &w->ipt_rule[h - 1];
}

static const struct ipt_chain *chain_of(const struct world *w,
					enum ipt_table t, const char *chain)
{
	int c = ipt_chain_find(w, t, chain);

	assert_true(c >= 0);
	return &w->ipt_chain[c];
}

/* The verdicts of the ipt_do_table steps of a trace, as letters:
 * N no match, J jump, G goto, R return, A accept, D drop, C continue. */
static void verdicts(const struct tw_trace *tr, char *out, size_t n)
{
	static const char letter[] = { [NFV_NONE] = '-', [NFV_ACCEPT] = 'A',
		[NFV_DROP] = 'D', [NFV_CONTINUE] = 'C', [NFV_RETURN] = 'R',
		[NFV_JUMP] = 'J', [NFV_GOTO] = 'G', [NFV_NOMATCH] = 'N' };
	size_t k = 0;

	for (size_t i = 0; i < tr->n && k + 1 < n; i++)
		if (tr->s[i].stage == ST_ipt_do_table)
			out[k++] = letter[tr->s[i].verdict];
	out[k] = 0;
}

/* The fate of the first packet in a trace. */
static const struct fate_rec *first_fate(const struct tw_trace *tr)
{
	for (size_t i = 0; i < tr->n; i++)
		if (tr->s[i].has_fate)
			return &tr->s[i].fate;
	fail_msg("no fate in the trace");
	return NULL;
}

static void test_jumps_goto_return(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	char v[64];

	(void)state;
	tw_ok(w, TW_HOST "iptables -N a\niptables -N b\n"
	      "iptables -A INPUT -p udp -j a\n"
	      "iptables -A INPUT -p udp -j DROP\n"
	      "iptables -A a -p udp --dport 5001 -g b\n"
	      "iptables -A a -p udp -j RETURN\n"
	      "iptables -A b -p udp --dport 5009 -j DROP\n");
	/* 5001: jump a, goto b, no match in b; b's end returns past a to
	 * INPUT rule 2 (the goto left no frame for a) */
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:4 > "
				       "10.0.0.2:5001 payload \"a\"\n", tr),
			 CMD_OK);
	verdicts(tr, v, sizeof(v));
	assert_string_equal(v, "JGNRD");
	assert_int_equal(first_fate(tr)->nhooks, 1);
	assert_int_equal(first_fate(tr)->hooks[0].hook, NFH_INPUT);
	assert_int_equal(first_fate(tr)->hooks[0].table, IPT_FILTER);
	assert_int_equal(first_fate(tr)->hooks[0].rule, 2);
	assert_int_equal(first_fate(tr)->hooks[0].verdict, NFV_DROP);
	/* 5002: jump a, no match on the goto, RETURN, then rule 2 */
	tr->n = 0;
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:4 > "
				       "10.0.0.2:5002 payload \"a\"\n", tr),
			 CMD_OK);
	verdicts(tr, v, sizeof(v));
	assert_string_equal(v, "JNRD");
	/* counters: bytes are the IP length (28 + 1) */
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 1)->pkts, 2);
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 1)->bytes, 58);
	assert_int_equal(rule_of(w, IPT_FILTER, "a", 1)->pkts, 1);
	assert_int_equal(rule_of(w, IPT_FILTER, "a", 2)->pkts, 1);
	assert_int_equal(rule_of(w, IPT_FILTER, "b", 1)->pkts, 0);
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 2)->bytes, 58);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_accept_stops_table_not_hook(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f;

	(void)state;
	/* ACCEPT in mangle ends mangle only: filter still decides */
	tw_ok(w, TW_HOST "iptables -t mangle -A INPUT -j ACCEPT\n"
	      "iptables -A INPUT -p udp -j DROP\n");
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:4 > "
				       "10.0.0.2:5001 payload \"a\"\n", tr),
			 CMD_OK);
	f = first_fate(tr);
	assert_int_equal(f->fate, FATE_DROPPED);
	assert_int_equal(f->nhooks, 2);
	assert_int_equal(f->hooks[0].table, IPT_MANGLE);
	assert_int_equal(f->hooks[0].verdict, NFV_ACCEPT);
	assert_int_equal(f->hooks[1].table, IPT_FILTER);
	assert_int_equal(f->hooks[1].verdict, NFV_DROP);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_policy_counters(void **state)
{
	struct world *w = tw_new();

	(void)state;
	/* a chain made by -A only has no policy counters (iptables-nft) */
	tw_ok(w, TW_HOST PEER "iptables -A INPUT -p tcp -j DROP\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5001 payload \"a\"\n");
	assert_int_equal(chain_of(w, IPT_FILTER, "INPUT")->pkts, 0);
	/* zeroing one rule does not give the chain counters */
	tw_ok(w, "iptables -Z INPUT 1\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5001 payload \"a\"\n");
	assert_int_equal(chain_of(w, IPT_FILTER, "INPUT")->pkts, 0);
	/* -P gives it counters: bytes are the IP length */
	tw_ok(w, "iptables -P INPUT DROP\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5001 payload \"abc\"\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5001 payload \"a\"\n");
	assert_int_equal(chain_of(w, IPT_FILTER, "INPUT")->pkts, 2);
	assert_int_equal(chain_of(w, IPT_FILTER, "INPUT")->bytes, 31 + 29);
	tw_ok(w, "expect counter IpInDelivers 2\n");
	/* -Z zeroes and keeps them counting */
	tw_ok(w, "iptables -Z INPUT\n");
	assert_int_equal(chain_of(w, IPT_FILTER, "INPUT")->pkts, 0);
	tw_ok(w, "iptables -t mangle -A INPUT -j ACCEPT\n"
	      "iptables -t mangle -Z\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5001 payload \"a\"\n");
	assert_int_equal(chain_of(w, IPT_FILTER, "INPUT")->pkts, 1);
	assert_int_equal(chain_of(w, IPT_MANGLE, "INPUT")->pkts, 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_insert_replace_delete(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST "iptables -A INPUT -p tcp --dport 1 -j ACCEPT\n"
	      "iptables -A INPUT -p tcp --dport 2 -j ACCEPT\n"
	      "iptables -I INPUT -p tcp --dport 3 -j ACCEPT\n"
	      "iptables -I INPUT 3 -p tcp --dport 4 -j ACCEPT\n"
	      "iptables -I INPUT 5 -p tcp --dport 6 -j ACCEPT\n"
	      "iptables -S INPUT\n");
	assert_string_equal(tw_out, "-P INPUT ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 3 -j ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 1 -j ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 4 -j ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 2 -j ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 6 -j ACCEPT\n");
	tw_fails(w, "iptables -I INPUT 7 -j DROP\n",
		 "iptables: Index of insertion too big.");
	tw_ok(w, "iptables -R INPUT 2 -p tcp --dport 5 -j DROP\n"
	      "iptables -D INPUT -p tcp --dport 2 -j ACCEPT\n"
	      "iptables -D INPUT 1\n"
	      "iptables -S INPUT\n");
	assert_string_equal(tw_out, "-P INPUT ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 5 -j DROP\n"
		"-A INPUT -p tcp -m tcp --dport 4 -j ACCEPT\n"
		"-A INPUT -p tcp -m tcp --dport 6 -j ACCEPT\n");
	/* -D by spec needs the same rule: the target differs here */
	tw_fails(w, "iptables -D INPUT -p tcp --dport 5 -j ACCEPT\n",
		 "Bad rule (does a matching rule exist in that chain?).");
	tw_fails(w, "iptables -D INPUT 4\n",
		 "iptables: Index of deletion too big.");
	tw_fails(w, "iptables -R INPUT 4 -j DROP\n",
		 "iptables: Index of replacement too big.");
	assert_int_equal(ipt_chain_len(w, ipt_chain_find(w, IPT_FILTER,
							 "INPUT")), 3);
	tw_free(w);
}

static void test_rule_equal(void **state)
{
	struct world *w = tw_new();
	struct ipt_rule a, b;

	(void)state;
	tw_ok(w, TW_HOST
	      "iptables -A INPUT -p udp --dport 7 -m limit --limit 1/s -j DROP\n"
	      "iptables -A INPUT -p udp --dport 7 -m limit --limit 1/s -j DROP\n"
	      "iptables -A INPUT -p udp --dport 8 -m limit --limit 1/s -j DROP\n"
	      "iptables -A INPUT -p udp --dport 7 -m limit --limit 2/s -j DROP\n");
	a = *rule_of(w, IPT_FILTER, "INPUT", 1);
	b = *rule_of(w, IPT_FILTER, "INPUT", 2);
	/* place, counters and limit's running state are not the rule */
	b.pkts = 9;
	b.bytes = 900;
	b.lim_credit = 1;
	b.lim_prev = 12345;
	b.next = 77;
	assert_true(ipt_rule_equal(&a, &b));
	assert_false(ipt_rule_equal(&a, rule_of(w, IPT_FILTER, "INPUT", 3)));
	assert_false(ipt_rule_equal(&a, rule_of(w, IPT_FILTER, "INPUT", 4)));
	b.target = TG_ACCEPT;
	assert_false(ipt_rule_equal(&a, &b));
	/* -D by spec removes the first equal rule */
	tw_ok(w, "iptables -D INPUT -p udp --dport 7 -m limit --limit 1/s "
	      "-j DROP\n");
	assert_int_equal(ipt_chain_len(w, ipt_chain_find(w, IPT_FILTER,
							 "INPUT")), 3);
	tw_free(w);
}

static void test_loops(void **state)
{
	struct world *w = tw_new();

	(void)state;
	/* chains no base chain reaches may loop (nf_tables validates from
	 * the base chains); reaching the loop from INPUT is refused */
	tw_ok(w, TW_HOST "iptables -N a\niptables -N b\n"
	      "iptables -A a -j b\niptables -A b -j a\n");
	tw_fails(w, "iptables -A INPUT -j a\n",
		 "RULE_APPEND failed (Too many links): rule in chain INPUT");
	tw_ok(w, "iptables -D b -j a\niptables -A INPUT -j a\n");
	tw_fails(w, "iptables -I b -j a\n",
		 "RULE_INSERT failed (Too many links): rule in chain b");
	tw_fails(w, "iptables -A a -g a\n", "Too many links");
	/* deleting a chain still jumped to is refused */
	tw_fails(w, "iptables -X b\n", "CHAIN_DEL failed (Device or resource "
		 "busy): chain b");
	tw_free(w);
}

static void test_reject_goes_through_output(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST PEER
	      "iptables -A INPUT -p udp -j REJECT --reject-with icmp-host-prohibited\n"
	      "iptables -A OUTPUT -p icmp --icmp-type 3/10 -j ACCEPT\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5001 payload \"a\"\n"
	      "expect counter IcmpOutDestUnreachs 1\n"
	      "expect counter IpOutRequests 1\n"
	      "expect counter UdpNoPorts 0\n");
	/* the ICMP error is a local packet: it met OUTPUT's rule; its
	 * length is 20 + 8 + the quoted 29 */
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 1)->pkts, 1);
	assert_int_equal(rule_of(w, IPT_FILTER, "OUTPUT", 1)->pkts, 1);
	assert_int_equal(rule_of(w, IPT_FILTER, "OUTPUT", 1)->bytes, 57);
	/* REJECT outside filter is refused by the kernel */
	tw_fails(w, "iptables -t mangle -A INPUT -j REJECT\n",
		 "RULE_APPEND failed (Invalid argument)");
	tw_fails(w, "iptables -A INPUT -j REJECT --reject-with tcp-reset\n",
		 "RULE_APPEND failed (Invalid argument)");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_mark_then_match(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST "socket app udp bind 10.0.0.2:5002\n"
	      "iptables -t mangle -A PREROUTING -p udp --dport 5001 -j MARK --set-mark 7\n"
	      "iptables -t mangle -A PREROUTING -p udp --dport 5002 -j MARK --set-xmark 0x10/0xf0\n"
	      "iptables -t mangle -A PREROUTING -p udp --dport 5002 -j MARK --or-mark 0x1\n"
	      "iptables -A INPUT -m mark --mark 7 -j DROP\n"
	      "iptables -A INPUT -m mark --mark 0x11 -j ACCEPT\n"
	      "iptables -A INPUT -j DROP\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5001 payload \"a\"\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5002 payload \"a\"\n"
	      "recv app all\n"
	      "expect counter UdpInDatagrams 1\n");
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 1)->pkts, 1);
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 2)->pkts, 1);
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 3)->pkts, 0);
	/* MARK is a non-terminal target: every MARK rule counted */
	assert_int_equal(rule_of(w, IPT_MANGLE, "PREROUTING", 2)->pkts, 1);
	assert_int_equal(rule_of(w, IPT_MANGLE, "PREROUTING", 3)->pkts, 1);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_limit_credits(void **state)
{
	struct world *w = tw_new();
	const struct ipt_rule *r;

	(void)state;
	/* HZ 250, CREDITS_PER_JIFFY 128: user2credits(avg) =
	 * avg * 250 * 128 / 10000, dividing first when that overflows */
	tw_ok(w, TW_HOST PEER
	      "iptables -A INPUT -p udp -m limit --limit 10/s --limit-burst 1 -j ACCEPT\n"
	      "iptables -A INPUT -p udp -m limit --limit 10/min --limit-burst 3 -j ACCEPT\n"
	      "iptables -A INPUT -p udp -j DROP\n");
	r = rule_of(w, IPT_FILTER, "INPUT", 1);
	assert_int_equal(r->lim_avg, 1000);
	assert_int_equal(r->lim_cost, 3200);
	assert_int_equal(r->lim_credit_cap, 3200);
	r = rule_of(w, IPT_FILTER, "INPUT", 2);
	assert_int_equal(r->lim_avg, 60000);
	assert_int_equal(r->lim_cost, 192000);
	/* 180000 * 32000 overflows 32 bits: (180000 / 10000) * 32000 */
	assert_int_equal(r->lim_credit_cap, 576000);
	/* 10/s refills one packet's credit in 25 jiffies (100 ms): three
	 * spaced 150 ms apart pass rule 1; a back-to-back pair then gives
	 * the second to rule 2's burst */
	tw_ok(w, "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5000 payload \"a\" "
	      "count 3 gap 150ms\n"
	      "run 150ms\n"
	      "inject eth0 udp 10.0.0.1:4 > 10.0.0.2:5000 payload \"a\" count 5\n");
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 1)->pkts, 4);
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 2)->pkts, 3);
	assert_int_equal(rule_of(w, IPT_FILTER, "INPUT", 3)->pkts, 1);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_output_drop_eperm(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f;

	(void)state;
	tw_ok(w, TW_HOST PEER "socket app udp bind 0.0.0.0:6000\n"
	      "iptables -A OUTPUT -p udp --dport 9 -j DROP\n");
	assert_int_equal(tw_run_traced(w, "send app to 10.0.0.1:9 payload "
				       "\"x\"\n", tr), CMD_OK);
	f = first_fate(tr);
	assert_int_equal(f->fate, FATE_DROPPED);
	assert_int_equal(f->hooks[0].hook, NFH_OUTPUT);
	tw_ok(w, "expect counter IpOutDiscards 1\n"
	      "expect counter IpOutRequests 1\n");
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jumps_goto_return),
		cmocka_unit_test(test_accept_stops_table_not_hook),
		cmocka_unit_test(test_policy_counters),
		cmocka_unit_test(test_insert_replace_delete),
		cmocka_unit_test(test_rule_equal),
		cmocka_unit_test(test_loops),
		cmocka_unit_test(test_reject_goes_through_output),
		cmocka_unit_test(test_mark_then_match),
		cmocka_unit_test(test_limit_credits),
		cmocka_unit_test(test_output_drop_eperm),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
