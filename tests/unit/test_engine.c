/*
 * test_engine.c: the receive path and the step records (engine.c and the
 * stage files).
 *
 * Expected counters are what Linux 6.18 moved for the same scenario
 * (tests/kernel/NAME.kernel.json, recorded by ../shared/oracle).
 */
#include <errno.h>
#include "testlib.h"
#include "net.h"
#include "stages.h"

#define NEIGH "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 " \
	"nud permanent\n"

struct ctr_want {
	const char *name;
	uint64_t v;
};

/* Every SNMP counter equals its want (absent: 0).  Prints all mismatches. */
static void check_snmp(const struct world *w, const struct ctr_want *want,
		       size_t n)
{
	int bad = 0;

	for (size_t i = 0; i < n; i++)
		assert_true(snmp_counter_by_name(want[i].name) >= 0);
	for (int c = 0; c < CTR__COUNT; c++) {
		const char *name = snmp_counter_name((enum snmp_counter)c);
		uint64_t v = 0;

		for (size_t i = 0; i < n; i++)
			if (!strcmp(want[i].name, name))
				v = want[i].v;
		if (w->snmp[c] != v) {
			print_error("%s is %llu, Linux says %llu\n", name,
				    (unsigned long long)w->snmp[c],
				    (unsigned long long)v);
			bad++;
		}
	}
	assert_int_equal(bad, 0);
}

/* The fate of packet pkt among the steps, or NULL. */
static const struct fate_rec *fate_of(const struct tw_trace *tr, uint32_t pkt)
{
	for (size_t i = 0; i < tr->n; i++)
		if (tr->s[i].has_fate && tr->s[i].fate.pkt == pkt)
			return &tr->s[i].fate;
	return NULL;
}

static const struct step *first_step(const struct tw_trace *tr,
				     enum stage st)
{
	for (size_t i = 0; i < tr->n; i++)
		if (tr->s[i].stage == st)
			return &tr->s[i];
	return NULL;
}

static const char *fn(uint16_t st)
{
	return stage_info((enum stage)st)->func;
}

static void test_udp_delivered_to_bound_socket(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f;
	uint32_t sk;

	(void)state;
	tw_ok(w, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000\n");
	sk = sock_by_name(w, "app");
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:40000 > "
				       "10.0.0.2:5000 payload \"hello\"\n", tr),
			 CMD_OK);
	f = fate_of(tr, 1);
	assert_non_null(f);
	assert_int_equal(f->fate, FATE_DELIVERED);
	assert_int_equal(f->origin, ORIGIN_WIRE);
	assert_int_equal(f->sock, sk);
	assert_int_equal(f->dev, 2);
	assert_int_equal(f->reason, DROP_NONE);
	assert_string_equal(fn(f->stage), "__udp_enqueue_schedule_skb");
	/* queued, not yet read: InDatagrams counts at recvmsg time */
	assert_int_equal(w->sock[sk - 1].rq.qlen, 1);
	assert_int_equal(w->snmp[CTR_IpInReceives], 1);
	assert_int_equal(w->snmp[CTR_IpInDelivers], 1);
	assert_int_equal(w->snmp[CTR_UdpInDatagrams], 0);
	assert_int_equal(w->skb_pool.in_use, 1);
	tw_ok(w, "expect socket app queued 1\nexpect counter UdpInDatagrams 0\n"
	      "recv app all\n"
	      "expect socket app queued 0\nexpect counter UdpInDatagrams 1\n");
	/* udp-bound-recv.kernel.json */
	check_snmp(w, (const struct ctr_want[]){
		{ "IpInReceives", 1 }, { "IpInDelivers", 1 },
		{ "UdpInDatagrams", 1 }, { "IpExtInOctets", 33 },
		{ "IpExtInNoECTPkts", 1 } }, 5);
	assert_int_equal(w->dev[2].stats[DEVC_rx_packets], 1);
	assert_int_equal(w->dev[2].stats[DEVC_rx_bytes], 47);
	assert_int_equal(w->sock[sk - 1].rmem, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_expect_lines_agree(void **state)
{
	/* the same facts through `expect`, as a lesson would check them */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 10\n"
	      "expect fate 1 delivered at __udp_enqueue_schedule_skb\n"
	      "expect stage ip_rcv_core\n"
	      "expect counter IpInDelivers 1\n"
	      "recv app all\n"
	      "expect counter UdpInDatagrams 1\n");
	/* and a false expect fails with CMD_FAIL */
	assert_int_equal(tw_run(w, "expect counter UdpInDatagrams 2\n"),
			 CMD_FAIL);
	assert_non_null(strstr(tw_err, "UdpInDatagrams"));
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_closed_port_sends_icmp(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f1, *f2;
	const struct step *s;
	uint8_t icmp[64];
	size_t n;

	(void)state;
	tw_ok(w, TW_HOST NEIGH);
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:40000 > "
				       "10.0.0.2:5000 payload \"hello\"\n", tr),
			 CMD_OK);
	f1 = fate_of(tr, 1);
	f2 = fate_of(tr, 2);
	assert_non_null(f1);
	assert_non_null(f2);
	assert_int_equal(f1->fate, FATE_DROPPED);
	assert_int_equal(f1->reason, DROP_NO_SOCKET);
	assert_int_equal(f2->origin, ORIGIN_KERNEL);
	assert_int_equal(f2->cause, 1);
	assert_int_equal(f2->fate, FATE_TRANSMITTED);
	assert_int_equal(f2->dev, 2);
	assert_non_null(first_step(tr, ST_icmp_send));
	/* udp-closed-port.kernel.json */
	check_snmp(w, (const struct ctr_want[]){
		{ "IcmpOutDestUnreachs", 1 }, { "IcmpOutMsgs", 1 },
		{ "IpExtInNoECTPkts", 1 }, { "IpExtInOctets", 33 },
		{ "IpExtOutOctets", 61 }, { "IpInDelivers", 1 },
		{ "IpInReceives", 1 }, { "IpOutRequests", 1 },
		{ "IpOutTransmits", 1 }, { "UdpNoPorts", 1 } }, 10);
	assert_int_equal(w->icmpmsg_out[3], 1);
	assert_int_equal(w->dev[2].stats[DEVC_tx_packets], 1);
	assert_int_equal(w->dev[2].stats[DEVC_tx_bytes], 75);
	/* the ICMP the kernel sent (its IP header has a random id, so compare
	 * from the ICMP header on): 3/3, checksum 111e, the datagram quoted */
	n = f2->nbytes > f2->l2len ? f2->nbytes - f2->l2len : 0;
	assert_int_equal(n, 61);
	memcpy(icmp, f2->bytes + f2->l2len, n);
	assert_int_equal(icmp[0], 0x45);
	assert_int_equal(icmp[1], 0xc0);     /* tos: INTERNETCONTROL */
	assert_int_equal(icmp[9], 1);
	assert_int_equal(get_be32(icmp + 12), 0x0a000002);
	assert_int_equal(get_be32(icmp + 16), 0x0a000001);
	{
		static const uint8_t want[] = {
			0x03, 0x03, 0x11, 0x1e, 0, 0, 0, 0,
			0x45, 0x00, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11,
			0x66, 0xc9, 0x0a, 0, 0, 1, 0x0a, 0, 0, 2, 0x9c, 0x40, 0x13,
			0x88, 0x00, 0x0d, 0xf8, 0x36, 'h', 'e', 'l', 'l', 'o' };

		assert_memory_equal(icmp + 20, want, sizeof(want));
	}
	/* __icmp_send runs in softirq context, under the UDP receive path */
	s = first_step(tr, ST_icmp_send);
	assert_int_equal(s->ctx, CTX_SOFTIRQ);
	assert_true(s->depth > 0);
	assert_int_equal(s->stack[0], ST_do_softirq);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_closed_port_drop_site(void **state)
{
	/* Linux 6.x __udp4_lib_rcv: the lookup returns no socket, and
	 * __udp4_lib_rcv itself counts NoPorts, calls icmp_send and frees the
	 * skb with NO_SOCKET (sk_skb_reason_drop): the fate is decided in
	 * __udp4_lib_rcv, and __icmp_send's caller is __udp4_lib_rcv. */
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f;
	const struct step *s;

	(void)state;
	tw_ok(w, TW_HOST NEIGH);
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:40000 > "
				       "10.0.0.2:5000\n", tr), CMD_OK);
	f = fate_of(tr, 1);
	assert_non_null(f);
	s = first_step(tr, ST_icmp_send);
	assert_non_null(s);
	if (strcmp(fn(f->stage), "__udp4_lib_rcv") ||
	    strcmp(fn(s->stack[s->depth - 1]), "__udp4_lib_rcv"))
		print_error("NO_SOCKET decided in %s; __icmp_send called by %s\n",
			    fn(f->stage), fn(s->stack[s->depth - 1]));
	assert_string_equal(fn(f->stage), "__udp4_lib_rcv");
	assert_string_equal(fn(s->stack[s->depth - 1]), "__udp4_lib_rcv");
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_bad_ip_csum_drops_in_ip_rcv_core(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f;
	uint32_t sk;

	(void)state;
	tw_ok(w, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000\n");
	sk = sock_by_name(w, "app");
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:40000 > "
				       "10.0.0.2:5000 payload \"hello\" "
				       "bad-ip-csum\n"
				       "expect fate 1 dropped at ip_rcv_core "
				       "reason IP_CSUM\n", tr), CMD_OK);
	f = fate_of(tr, 1);
	assert_non_null(f);
	assert_int_equal(f->fate, FATE_DROPPED);
	assert_int_equal(f->reason, DROP_IP_CSUM);
	assert_int_equal(f->stage, ST_ip_rcv_core);
	/* nothing after ip_rcv_core saw it: no hook, no route, no UDP */
	assert_null(first_step(tr, ST_ip_route_input));
	assert_null(first_step(tr, ST_udp_rcv));
	assert_int_equal(w->sock[sk - 1].rq.qlen, 0);
	/* ip-bad-csum.kernel.json */
	check_snmp(w, (const struct ctr_want[]){
		{ "IpExtInCsumErrors", 1 }, { "IpExtInNoECTPkts", 1 },
		{ "IpExtInOctets", 33 }, { "IpInHdrErrors", 1 },
		{ "IpInReceives", 1 } }, 5);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_truncated_header_is_inhdr(void **state)
{
	/* 14 + 10 bytes: not even an IP header (pskb_may_pull fails) */
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH
	      "inject eth0 udp 10.0.0.1:1 > 10.0.0.2:2 truncate 24\n"
	      "expect fate 1 dropped at ip_rcv_core\n");
	assert_int_equal(w->snmp[CTR_IpInDelivers], 0);
	assert_int_equal(w->snmp[CTR_UdpNoPorts], 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static bool in(uint16_t st, const enum stage *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (st == set[i])
			return true;
	return false;
}

/* The structure every trace must have:
 *  - hardware steps are NIC acts (SF_HW), and only they are;
 *  - a chain starts at its context's entry point (stack[0]);
 *  - stacks are outermost first: within one context, a step one level
 *    deeper than the last was called by it, and the callers it shares
 *    with the last step sit at the same places. */
static void check_trace_shape(const struct tw_trace *tr)
{
	static const enum stage hirq[] = { ST_igb_msix_ring };
	static const enum stage sirq[] = { ST_do_softirq,
					   ST_neigh_timer_handler };
	static const enum stage proc[] = { ST_sys_sendto, ST_sys_recvfrom,
					   ST_app_wait };
	const struct step *last[CTX__COUNT] = { 0 };

	for (size_t i = 0; i < tr->n; i++) {
		const struct step *s = &tr->s[i], *p = last[s->ctx];
		bool hw = stage_info((enum stage)s->stage)->flags & SF_HW;

		assert_int_equal(s->no, tr->s[0].no + i);
		assert_true(s->ctx > CTX_NONE && s->ctx < CTX__COUNT);
		assert_int_equal(hw, s->ctx == CTX_HW);
		assert_true(s->depth < TASK_DEPTH);
		if (s->depth) {
			uint16_t root = s->stack[0];

			switch (s->ctx) {
			case CTX_HARDIRQ:
				assert_true(in(root, hirq, 1));
				break;
			case CTX_SOFTIRQ:
				assert_true(in(root, sirq, 2));
				break;
			case CTX_PROCESS:
				assert_true(in(root, proc, 3));
				break;
			default:
				break;
			}
		}
		if (p) {
			assert_true(s->depth <= p->depth + 1);
			if (s->depth == p->depth + 1) {
				if (s->stack[p->depth] != p->stage)
					print_error("step %llu (%s) is deeper "
						    "than step %llu (%s) but its "
						    "caller is %s\n",
						    (unsigned long long)s->no,
						    fn(s->stage),
						    (unsigned long long)p->no,
						    fn(p->stage),
						    fn(s->stack[p->depth]));
				assert_int_equal(s->stack[p->depth], p->stage);
			}
			for (int k = 0; k < s->depth && k < p->depth; k++)
				assert_int_equal(s->stack[k], p->stack[k]);
		}
		last[s->ctx] = s;
	}
}

static void test_steps_contexts_and_stacks(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	bool seen[CTX__COUNT] = { false };
	const struct step *s;
	int pos[6];
	static const enum stage chain[] = { ST_do_softirq, ST_net_rx_action,
		ST_igb_poll, ST_igb_clean_rx_irq, ST_netif_receive_skb_core,
		ST_ip_rcv };

	(void)state;
	tw_ok(w, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000\n");
	assert_int_equal(tw_run_traced(w,
		"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"a\"\n"
		"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5001 payload \"b\"\n"
		"recv app all\n"
		"send app to 10.0.0.1:7 payload \"c\"\n", tr), CMD_OK);
	assert_true(tr->n > 50);
	for (size_t i = 0; i < tr->n; i++)
		seen[tr->s[i].ctx] = true;
	assert_true(seen[CTX_HW]);
	assert_true(seen[CTX_HARDIRQ]);
	assert_true(seen[CTX_SOFTIRQ]);
	assert_true(seen[CTX_PROCESS]);
	assert_string_equal(ctx_name(CTX_HW), "hardware");
	assert_string_equal(ctx_name(CTX_HARDIRQ), "hardirq");
	assert_string_equal(ctx_name(CTX_SOFTIRQ), "softirq");
	assert_string_equal(ctx_name(CTX_PROCESS), "process");
	check_trace_shape(tr);
	/* ip_rcv_core's callers, outermost first, ip_rcv the nearest */
	s = first_step(tr, ST_ip_rcv_core);
	assert_non_null(s);
	assert_int_equal(s->ctx, CTX_SOFTIRQ);
	assert_int_equal(s->stack[0], ST_do_softirq);
	assert_int_equal(s->stack[s->depth - 1], ST_ip_rcv);
	for (int k = 0; k < 6; k++) {
		pos[k] = -1;
		for (int j = 0; j < s->depth; j++)
			if (s->stack[j] == chain[k] && pos[k] < 0)
				pos[k] = j;
		if (pos[k] < 0)
			print_error("%s is not among ip_rcv_core's callers\n",
				    fn(chain[k]));
		assert_true(pos[k] >= 0);
		if (k)
			assert_true(pos[k] > pos[k - 1]);
	}
	/* udp_recvmsg runs in process context below __sys_recvfrom */
	s = first_step(tr, ST_udp_recvmsg);
	assert_non_null(s);
	assert_int_equal(s->ctx, CTX_PROCESS);
	assert_int_equal(s->stack[0], ST_sys_recvfrom);
	/* time never goes back */
	for (size_t i = 1; i < tr->n; i++)
		assert_true(tr->s[i].t_ns >= tr->s[i - 1].t_ns);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* Field by field: the views have padding, which holds whatever was on the
 * stack. */
static bool view_same(const struct skb_view *a, const struct skb_view *b)
{
	return a->handle == b->handle && a->pkt == b->pkt &&
	       a->data == b->data && a->tail == b->tail && a->end == b->end &&
	       a->len == b->len && a->truesize == b->truesize &&
	       a->mark == b->mark && a->sk == b->sk &&
	       a->mac_header == b->mac_header &&
	       a->network_header == b->network_header &&
	       a->transport_header == b->transport_header &&
	       a->protocol == b->protocol && a->pkt_type == b->pkt_type &&
	       a->dev == b->dev && a->skb_iif == b->skb_iif &&
	       a->ip_summed == b->ip_summed && a->dst_type == b->dst_type &&
	       a->dst_dev == b->dst_dev;
}

/* Two steps are the same step: everything a user or a lesson can see. */
static bool step_same(const struct step *a, const struct step *b)
{
	char na[256], nb[256];

	if (a->no != b->no || a->t_ns != b->t_ns || a->ctx != b->ctx ||
	    a->stage != b->stage || a->depth != b->depth || a->pkt != b->pkt ||
	    a->has_skb != b->has_skb || a->reason != b->reason ||
	    a->has_fate != b->has_fate || a->ndeltas != b->ndeltas ||
	    a->hook != b->hook || a->verdict != b->verdict ||
	    a->has_route != b->has_route)
		return false;
	if (memcmp(a->stack, b->stack, a->depth * sizeof(a->stack[0])))
		return false;
	if (a->has_skb && (!view_same(&a->before, &b->before) ||
			   !view_same(&a->after, &b->after)))
		return false;
	for (int i = 0; i < a->ndeltas; i++)
		if (a->deltas[i].kind != b->deltas[i].kind ||
		    a->deltas[i].dev != b->deltas[i].dev ||
		    a->deltas[i].id != b->deltas[i].id ||
		    a->deltas[i].delta != b->deltas[i].delta)
			return false;
	if (a->has_fate && (a->fate.pkt != b->fate.pkt ||
			    a->fate.fate != b->fate.fate ||
			    a->fate.stage != b->fate.stage ||
			    a->fate.nbytes != b->fate.nbytes ||
			    memcmp(a->fate.bytes, b->fate.bytes, a->fate.nbytes)))
		return false;
	if (a->has_route && (a->route_type != b->route_type ||
			     a->route_dev != b->route_dev ||
			     a->route_gw != b->route_gw))
		return false;
	return !strcmp(step_note_format(a, na, sizeof(na)),
		       step_note_format(b, nb, sizeof(nb)));
}

static void check_same_trace(const struct tw_trace *a,
			     const struct tw_trace *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		if (!step_same(&a->s[i], &b->s[i]))
			print_error("step %zu differs (%s / %s)\n", i,
				    fn(a->s[i].stage), fn(b->s[i].stage));
		assert_true(step_same(&a->s[i], &b->s[i]));
	}
}

static const char busy[] = TW_HOST NEIGH
	"socket app udp bind 10.0.0.2:5000 rcvbuf 4000\n"
	"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 100 count 6 "
	"gap 1us\n"
	"inject eth0 icmp 10.0.0.1 > 10.0.0.2 echo-request id 1 seq 1 len 8\n"
	"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:6000 len 3\n"
	"inject eth0 arp request 10.0.0.9 > 10.0.0.2 dst-mac broadcast\n"
	"send app to 10.0.0.1:9 len 20 count 3 gap 2us\n"
	"recv app all\n";

static void test_same_scenario_same_steps(void **state)
{
	struct world *a = tw_new(), *b = tw_new();
	struct tw_trace *ta = tw_trace_new(), *tb = tw_trace_new();

	(void)state;
	assert_int_equal(tw_run_traced(a, busy, ta), CMD_OK);
	assert_int_equal(tw_run_traced(b, busy, tb), CMD_OK);
	assert_true(ta->n > 100);
	check_same_trace(ta, tb);
	check_trace_shape(ta);
	assert_true(world_equal(a, b));
	/* the scenario exercised drops too (rcvbuf 4000 holds one or two) */
	assert_true(a->snmp[CTR_UdpRcvbufErrors] > 0);
	tw_trace_free(ta);
	tw_trace_free(tb);
	tw_assert_pools_empty(a);
	tw_assert_pools_empty(b);
	tw_free(a);
	tw_free(b);
}

/* Starts traffic without running it (settle off). */
static void start_traffic(struct world *w, const char *text)
{
	struct cmd_ctx c;
	FILE *out = fopen("/dev/null", "w");

	assert_non_null(out);
	cmd_ctx_init(&c, out, out);
	c.settle = false;
	assert_int_equal(scenario_run_text(w, &c, "start", text), CMD_OK);
	cmd_ctx_free(&c);
	fclose(out);
}

static void step_n(struct world *w, struct tw_trace *tr, size_t n)
{
	struct step s;

	for (size_t i = 0; i < n; i++) {
		assert_true(engine_step(w, &s, UINT64_MAX));
		tw_trace_sink(tr, w, &s);
	}
}

static void step_to_settled(struct world *w, struct tw_trace *tr)
{
	struct step s;

	while (!engine_settled(w)) {
		assert_true(engine_step(w, &s, UINT64_MAX));
		tw_trace_sink(tr, w, &s);
	}
}

static void test_clone_mid_run(void **state)
{
	struct world *a = tw_new(), *b = tw_new();
	struct tw_trace *ta = tw_trace_new(), *tb = tw_trace_new();

	(void)state;
	tw_ok(a, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000\n");
	start_traffic(a, "inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 len 8 "
		      "count 4 gap 500ns\n"
		      "inject eth0 icmp 10.0.0.1 > 10.0.0.2 echo-request len 8\n");
	/* into the middle of the first packet's softirq */
	step_n(a, ta, 15);
	assert_false(engine_settled(a));
	assert_true(a->skb_pool.in_use > 0);
	world_clone(b, a);
	assert_true(world_equal(a, b));
	step_n(a, ta, 10);
	step_n(b, tb, 10);
	assert_true(world_equal(a, b));
	step_to_settled(a, ta);
	step_to_settled(b, tb);
	assert_true(world_equal(a, b));
	/* the clone took exactly the steps the original took after step 15 */
	assert_int_equal(ta->n, tb->n + 15);
	for (size_t i = 0; i < tb->n; i++)
		assert_true(step_same(&ta->s[i + 15], &tb->s[i]));
	assert_int_equal(a->snmp[CTR_IcmpOutEchoReps], 1);
	tw_ok(a, "recv app all\n");
	tw_ok(b, "recv app all\n");
	assert_true(world_equal(a, b));
	assert_int_equal(b->snmp[CTR_UdpInDatagrams], 4);
	tw_trace_free(ta);
	tw_trace_free(tb);
	tw_assert_pools_empty(a);
	tw_assert_pools_empty(b);
	tw_free(a);
	tw_free(b);
}

static void test_sender_slots_are_freed(void **state)
{
	/* a `send` that has made all its sendto() calls is done: its slot
	 * must go back to the pool, or the 33rd send of a session fails
	 * ("too many senders at once") */
	struct world *w = tw_new();
	char line[128];
	int failed = 0;

	(void)state;
	tw_ok(w, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000\n");
	for (int i = 0; i < SENDER_MAX + 8; i++) {
		snprintf(line, sizeof(line), "send app to 10.0.0.1:%d len 4\n",
			 1000 + i);
		if (tw_run(w, line) != CMD_OK && !failed++)
			print_error("send #%d: %s", i + 1, tw_err);
	}
	assert_int_equal(failed, 0);
	assert_int_equal(w->snmp[CTR_UdpOutDatagrams], SENDER_MAX + 8);
	assert_int_equal(w->sender_pool.in_use, 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_full_sndbuf_blocks_the_sender(void **state)
{
	/* sock_alloc_send_pskb: a blocking sendto() with sk_wmem_alloc >=
	 * sk_sndbuf sleeps until sock_wfree makes the socket writable; it does
	 * not fail with EAGAIN or ENOBUFS, and no datagram is lost */
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	size_t slept = 0, woke = 0, returns = 0, bad = 0;

	(void)state;
	tw_ok(w, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000 "
	      "sndbuf 20000\n");
	assert_int_equal(tw_run_traced(w, "send app to 10.0.0.1:7000 len 1400 "
				       "count 100\nrun 100ms\n", tr), CMD_OK);
	for (size_t i = 0; i < tr->n; i++) {
		const struct step *s = &tr->s[i];

		if (s->stage == ST_ip_make_skb && s->note &&
		    strstr(s->note, "sleep"))
			slept++;
		if (s->stage == ST_ip_make_skb && s->note &&
		    strstr(s->note, "woken"))
			woke++;
		if (s->stage == ST_udp_sendmsg && s->has_sys_ret) {
			returns++;
			bad += s->sys_ret != 1400;
		}
	}
	assert_true(slept > 0);
	assert_int_equal(woke, slept);
	assert_int_equal(returns, 100);
	assert_int_equal(bad, 0);
	assert_int_equal(w->snmp[CTR_UdpOutDatagrams], 100);
	assert_int_equal(w->dev[2].stats[DEVC_tx_packets], 100);
	assert_int_equal(w->sock[sock_by_name(w, "app") - 1].wmem, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_stopped_tx_ring_drains_by_net_tx_action(void **state)
{
	/* igb stops its queue when the ring is nearly full; packets wait in
	 * pfifo_fast, and TX completion's netif_wake_subqueue puts the qdisc on
	 * the output_queue for NET_TX_SOFTIRQ: net_tx_action sends them */
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	size_t tx_action = 0, queued = 0;

	(void)state;
	tw_ok(w, "nic add eth0 mac 02:00:00:00:00:02 tx-ring 64\n"
	      "ip link set eth0 up\nip addr add 10.0.0.2/24 dev eth0\n"
	      NEIGH "socket app udp bind 10.0.0.2:5000\n");
	assert_int_equal(tw_run_traced(w, "send app to 10.0.0.1:7000 len 1400 "
				       "count 200\nrun 100ms\n", tr), CMD_OK);
	for (size_t i = 0; i < tr->n; i++) {
		tx_action += tr->s[i].stage == ST_net_tx_action;
		queued += tr->s[i].stage == ST_qdisc_enqueue && tr->s[i].note &&
			  strstr(tr->s[i].note, "enqueue on");
	}
	assert_true(queued > 0);
	assert_true(tx_action > 0);
	assert_int_equal(w->dev[2].stats[DEVC_tx_packets], 200);
	assert_int_equal(w->dev[2].qdisc.drops, 0);
	assert_int_equal(w->dev[2].qdisc.packets, 200);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* An ICMP error from 10.0.0.1 quoting our datagram 10.0.0.2:5000 ->
 * 10.0.0.1:7000, as a `raw` frame line. */
static void icmp_error_line(char *line, size_t n, uint8_t type, uint8_t code)
{
	uint8_t f[14 + 20 + 8 + 20 + 8] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1,
					      0x08, 0x00 };
	uint8_t *icmp = f + 14 + 20, *q = icmp + 8;
	size_t o;

	build_iphdr(f + 14, &(struct ip_spec){ .ihl = 5, .ttl = 64,
		    .proto = 1, .saddr = 0x0a000001, .daddr = 0x0a000002,
		    .payload_len = 8 + 28 });
	icmp[0] = type;
	icmp[1] = code;
	build_iphdr(q, &(struct ip_spec){ .ihl = 5, .ttl = 64, .proto = 17,
		    .frag = 0x4000, .saddr = 0x0a000002, .daddr = 0x0a000001,
		    .payload_len = 8 + 4 });
	put_be16(q + 20, 5000);
	put_be16(q + 22, 7000);
	put_be16(q + 24, 12);
	put_be16(icmp + 2, inet_csum(icmp, 8 + 28));
	o = (size_t)snprintf(line, n, "inject eth0 raw ");
	for (size_t i = 0; i < sizeof(f); i++)
		o += (size_t)snprintf(line + o, n - o, "%02x", f[i]);
	snprintf(line + o, n - o, "\nrecv app\n");
}

static void test_icmp_errors_reach_connected_udp_sockets(void **state)
{
	/* __udp4_lib_err + icmp_err_convert: without IP_RECVERR only a hard
	 * error reaches a connected socket's sk_err; the next recvfrom()
	 * returns it instead of EAGAIN */
	static const struct { uint8_t type, code; int32_t ret; } cases[] = {
		{ 3, 3, -ECONNREFUSED },   /* port unreachable: hard */
		{ 3, 4, -EMSGSIZE },       /* frag needed with PMTU discovery */
		{ 3, 2, -ENOPROTOOPT },    /* protocol unreachable: hard */
		{ 3, 13, -EHOSTUNREACH },  /* administratively prohibited */
		{ 3, 0, -EAGAIN },         /* net unreachable: soft */
		{ 3, 1, -EAGAIN },         /* host unreachable: soft */
		{ 11, 0, -EAGAIN },        /* time exceeded: soft */
		{ 12, 0, -EPROTO },        /* parameter problem: hard */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct world *w = tw_new();
		struct tw_trace *tr = tw_trace_new();
		char line[512];
		int32_t got = 1;

		tw_ok(w, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000 "
		      "connect 10.0.0.1:7000\n");
		icmp_error_line(line, sizeof(line), cases[i].type,
				cases[i].code);
		assert_int_equal(tw_run_traced(w, line, tr), CMD_OK);
		for (size_t k = 0; k < tr->n; k++)
			if (tr->s[k].stage == ST_udp_recvmsg &&
			    tr->s[k].has_sys_ret)
				got = tr->s[k].sys_ret;
		if (got != cases[i].ret)
			print_error("ICMP %u/%u: recvfrom returned %d, not %d\n",
				    cases[i].type, cases[i].code, got,
				    cases[i].ret);
		assert_int_equal(got, cases[i].ret);
		tw_trace_free(tr);
		tw_assert_pools_empty(w);
		tw_free(w);
	}
}

static void test_clone_diverges_on_different_input(void **state)
{
	/* the copy is independent: what happens to one does not touch the
	 * other */
	struct world *a = tw_new(), *b = tw_new();

	(void)state;
	tw_ok(a, TW_HOST NEIGH "socket app udp bind 10.0.0.2:5000\n");
	world_clone(b, a);
	tw_ok(a, "inject eth0 udp 10.0.0.1:1 > 10.0.0.2:5000 len 8\n"
	      "recv app all\n");
	assert_int_equal(a->snmp[CTR_UdpInDatagrams], 1);
	assert_int_equal(b->snmp[CTR_UdpInDatagrams], 0);
	assert_int_equal(b->next_pkt, 0);
	assert_false(world_equal(a, b));
	tw_assert_pools_empty(a);
	tw_assert_pools_empty(b);
	tw_free(a);
	tw_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udp_delivered_to_bound_socket),
		cmocka_unit_test(test_expect_lines_agree),
		cmocka_unit_test(test_closed_port_sends_icmp),
		cmocka_unit_test(test_closed_port_drop_site),
		cmocka_unit_test(test_bad_ip_csum_drops_in_ip_rcv_core),
		cmocka_unit_test(test_truncated_header_is_inhdr),
		cmocka_unit_test(test_steps_contexts_and_stacks),
		cmocka_unit_test(test_same_scenario_same_steps),
		cmocka_unit_test(test_clone_mid_run),
		cmocka_unit_test(test_sender_slots_are_freed),
		cmocka_unit_test(test_full_sndbuf_blocks_the_sender),
		cmocka_unit_test(test_icmp_errors_reach_connected_udp_sockets),
		cmocka_unit_test(test_stopped_tx_ring_drains_by_net_tx_action),
		cmocka_unit_test(test_clone_diverges_on_different_input),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
