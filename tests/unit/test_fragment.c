/*
 * test_fragment.c: IP fragmentation on output (ip_fragment, ip_do_fragment
 * in ip_output.c) and reassembly on input (ip_fragment.c).
 *
 * Expected counters are what Linux 6.18 moved for the same scenarios
 * (recorded with ../shared/oracle: MTU 576 and a 1000-byte UDP send gives
 * DF clear, 552-byte fragments, IpOutRequests 1, IpOutTransmits 2).
 */
#include "testlib.h"
#include "ip_fragment.h"
#include "net.h"
#include "proto/ip.h"
#include "stages.h"

#define NEIGH "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 " \
	"nud permanent\n"
#define APP "socket app udp bind 10.0.0.2:5000\n"
#define FRAG_A "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 16 mf id 7\n"
#define FRAG_B "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 len 8 " \
	"frag-offset 24 id 7\n"

static const struct fate_rec *fate_of(const struct tw_trace *tr, uint32_t pkt)
{
	for (size_t i = 0; i < tr->n; i++)
		if (tr->s[i].has_fate && tr->s[i].fate.pkt == pkt)
			return &tr->s[i].fate;
	return NULL;
}

static const char *fn(uint16_t st)
{
	return stage_info((enum stage)st)->func;
}

static void want_fate(const struct tw_trace *tr, uint32_t pkt, enum fate fate,
		      const char *func, enum drop_reason reason)
{
	const struct fate_rec *f = fate_of(tr, pkt);

	if (!f)
		print_error("packet %u has no fate\n", pkt);
	assert_non_null(f);
	if (f->fate != fate || strcmp(fn(f->stage), func))
		print_error("packet %u: %s at %s\n", pkt,
			    fate_name((enum fate)f->fate), fn(f->stage));
	assert_int_equal(f->fate, fate);
	assert_string_equal(fn(f->stage), func);
	assert_int_equal(f->reason, reason);
}

/* The transmitted fragments of a trace, in order: at most max. */
static size_t sent_frags(const struct tw_trace *tr,
			 const struct fate_rec **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < tr->n && n < max; i++)
		if (tr->s[i].has_fate && tr->s[i].fate.fate == FATE_TRANSMITTED)
			out[n++] = &tr->s[i].fate;
	return n;
}

/* Sends len bytes of UDP over eth0 with the given MTU and checks every
 * fragment: same id, offsets back to back, data a multiple of 8 except the
 * last, MF on all but the last, DF clear, a good header checksum. */
static void check_fragments(uint32_t mtu, uint32_t len, size_t want)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f[64];
	char cmd[160];
	uint32_t off = 0;
	uint16_t id = 0;
	size_t n;

	snprintf(cmd, sizeof(cmd), "ip link set eth0 mtu %u\n", mtu);
	tw_ok(w, TW_HOST NEIGH APP);
	tw_ok(w, cmd);
	snprintf(cmd, sizeof(cmd), "send app to 10.0.0.1:7000 len %u\n", len);
	assert_int_equal(tw_run_traced(w, cmd, tr), CMD_OK);
	n = sent_frags(tr, f, 64);
	assert_int_equal(n, want);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *iph = f[i]->bytes;
		uint16_t frag = get_be16(iph + IP_OFF_FRAG);
		uint32_t data = get_be16(iph + IP_OFF_TOTLEN) - IP_HLEN;

		assert_true(data + IP_HLEN <= mtu);
		assert_int_equal(inet_csum(iph, IP_HLEN), 0);
		assert_int_equal(frag & IP_DF, 0);
		assert_int_equal((frag & IP_OFFMASK) * 8, off);
		assert_int_equal(!!(frag & IP_MF), i + 1 < n);
		if (i + 1 < n)
			assert_int_equal(data % 8, 0);
		if (i == 0)
			id = get_be16(iph + IP_OFF_ID);
		assert_int_equal(get_be16(iph + IP_OFF_ID), id);
		assert_int_equal(f[i]->origin, ORIGIN_KERNEL);
		assert_int_equal(f[i]->cause, 1);
		off += data;
	}
	assert_int_equal(off, 8 + len);
	want_fate(tr, 1, FATE_CONSUMED, "ip_do_fragment", DROP_NONE);
	assert_int_equal(w->snmp[CTR_IpOutRequests], 1);
	assert_int_equal(w->snmp[CTR_IpOutTransmits], want);
	assert_int_equal(w->snmp[CTR_IpFragCreates], want);
	assert_int_equal(w->snmp[CTR_IpFragOKs], 1);
	assert_int_equal(w->snmp[CTR_UdpOutDatagrams], 1);
	tw_ok(w, "run 1s\n");
	assert_int_equal(w->sock[sock_by_name(w, "app") - 1].wmem, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_fragment_sizes(void **state)
{
	(void)state;
	check_fragments(576, 1000, 2);   /* 552 + 456: as Linux 6.18 */
	check_fragments(1500, 2000, 2);  /* 1480 + 528 */
	check_fragments(100, 1000, 13);  /* 12 x 80 + 48 */
}

static void test_small_datagram_keeps_df(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f;

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP "ip link set eth0 mtu 576\n");
	assert_int_equal(tw_run_traced(w, "send app to 10.0.0.1:7000 len 548\n",
				       tr), CMD_OK);
	f = fate_of(tr, 1);
	assert_int_equal(f->fate, FATE_TRANSMITTED);
	assert_int_equal(get_be16(f->bytes + IP_OFF_FRAG), IP_DF);
	assert_int_equal(w->snmp[CTR_IpFragOKs], 0);
	tw_ok(w, "run 1s\n");
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_send_size_limit(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP);
	tw_fails(w, "send app to 10.0.0.1:7000 len 2005\n",
		 "do not fit one netstep skb buffer");
	tw_ok(w, "send app to 10.0.0.1:7000 len 2004\nrun 1s\n");
	assert_int_equal(w->snmp[CTR_IpFragCreates], 2);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void check_reassembled(const char *frags, uint32_t last_pkt,
			      uint32_t tot_len)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f;

	tw_ok(w, TW_HOST NEIGH APP);
	assert_int_equal(tw_run_traced(w, frags, tr), CMD_OK);
	for (uint32_t p = 1; p < last_pkt; p++)
		want_fate(tr, p, FATE_CONSUMED, "ip_frag_reasm", DROP_NONE);
	want_fate(tr, last_pkt, FATE_DELIVERED, "__udp_enqueue_schedule_skb",
		  DROP_NONE);
	f = fate_of(tr, last_pkt);
	/* the datagram as it reached UDP: no MF, no offset */
	assert_int_equal(get_be16(f->bytes + IP_OFF_TOTLEN), tot_len);
	assert_int_equal(get_be16(f->bytes + IP_OFF_FRAG), 0);
	assert_int_equal(get_be16(f->bytes + IP_OFF_ID), 7);
	assert_int_equal(inet_csum(f->bytes, IP_HLEN), 0);
	tw_ok(w, "recv app all\n");
	assert_int_equal(w->snmp[CTR_IpReasmReqds], last_pkt);
	assert_int_equal(w->snmp[CTR_IpReasmOKs], 1);
	assert_int_equal(w->snmp[CTR_IpReasmFails], 0);
	assert_int_equal(w->snmp[CTR_IpInDelivers], 1);
	assert_int_equal(w->snmp[CTR_UdpInDatagrams], 1);
	assert_int_equal(w->frag_mem, 0);
	/* the queue's timer was deleted: nothing runs 30 s later */
	tw_ok(w, "run 40s\n");
	assert_int_equal(w->stage_hits[ST_ip_expire], 0);
	assert_int_equal(ip_frag_usage(w).queues, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_reassembly_in_order(void **state)
{
	(void)state;
	check_reassembled(FRAG_A FRAG_B, 2, 60);
}

static void test_reassembly_out_of_order(void **state)
{
	(void)state;
	check_reassembled(FRAG_B FRAG_A, 2, 60);
	/* three pieces, the middle one last: it goes between two runs */
	check_reassembled(FRAG_A "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 "
			  "len 8 frag-offset 32 id 7\n"
			  "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 "
			  "len 0 mf frag-offset 24 id 7\n", 3, 68);
}

static void test_reassembly_overlap(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP);
	assert_int_equal(tw_run_traced(w, FRAG_A "inject eth0 udp 10.0.0.1:40000"
				       " > 10.0.0.2:5000 len 8 mf frag-offset 16"
				       " id 7\n", tr), CMD_OK);
	want_fate(tr, 2, FATE_DROPPED, "ip_frag_queue", DROP_NOT_SPECIFIED);
	want_fate(tr, 1, FATE_CONSUMED, "inet_frag_destroy", DROP_NONE);
	/* reasm-overlap: Linux 6.18 */
	assert_int_equal(w->snmp[CTR_IpExtReasmOverlaps], 1);
	assert_int_equal(w->snmp[CTR_IpReasmFails], 1);
	assert_int_equal(w->snmp[CTR_IpReasmReqds], 2);
	assert_int_equal(w->frag_mem, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_reassembly_duplicate(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP);
	assert_int_equal(tw_run_traced(w, FRAG_A FRAG_A FRAG_B, tr), CMD_OK);
	want_fate(tr, 2, FATE_DROPPED, "ip_frag_queue", DROP_DUP_FRAG);
	want_fate(tr, 1, FATE_CONSUMED, "ip_frag_reasm", DROP_NONE);
	want_fate(tr, 3, FATE_DELIVERED, "__udp_enqueue_schedule_skb",
		  DROP_NONE);
	assert_int_equal(w->snmp[CTR_IpReasmFails], 0);
	assert_int_equal(w->snmp[CTR_IpExtReasmOverlaps], 0);
	tw_ok(w, "recv app all\n");
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_timeout_with_first_fragment(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	struct fate_rec held[4];
	const struct fate_rec *icmp;

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP FRAG_A "run 29s\n");
	assert_int_equal(w->stage_hits[ST_ip_expire], 0);
	assert_int_equal(ip_frag_usage(w).frags, 1);
	/* what batch mode would print now: queued where ip_frag_queue left it */
	{
		struct world *c = tw_new();

		world_clone(c, w);
		assert_int_equal(engine_pending_fates(c, held, 4), 1);
		assert_int_equal(held[0].fate, FATE_QUEUED);
		assert_string_equal(fn(held[0].stage), "ip_frag_queue");
		tw_free(c);
	}
	assert_int_equal(tw_run_traced(w, "run 2s\n", tr), CMD_OK);
	want_fate(tr, 1, FATE_DROPPED, "ip_expire", DROP_FRAG_REASM_TIMEOUT);
	icmp = fate_of(tr, 2);
	assert_non_null(icmp);
	assert_int_equal(icmp->fate, FATE_TRANSMITTED);
	assert_int_equal(icmp->cause, 1);
	assert_int_equal(icmp->bytes[IP_HLEN], 11);      /* time exceeded */
	assert_int_equal(icmp->bytes[IP_HLEN + 1], 1);   /* reassembly */
	/* the quote is the first fragment: 20 + 24 bytes */
	assert_int_equal(get_be16(icmp->bytes + IP_OFF_TOTLEN), 20 + 8 + 44);
	assert_int_equal(w->snmp[CTR_IpReasmTimeout], 1);
	assert_int_equal(w->snmp[CTR_IpReasmFails], 1);
	assert_int_equal(w->snmp[CTR_IcmpOutTimeExcds], 1);
	assert_int_equal(w->frag_mem, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_timeout_without_first_fragment(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP "sysctl -w net.ipv4.ipfrag_time=1\n");
	assert_int_equal(tw_run_traced(w, FRAG_B "inject eth0 udp 10.0.0.1:40000"
				       " > 10.0.0.2:5000 len 8 mf frag-offset 8"
				       " id 7\nrun 2s\n", tr), CMD_OK);
	want_fate(tr, 1, FATE_DROPPED, "inet_frag_destroy",
		  DROP_FRAG_REASM_TIMEOUT);
	want_fate(tr, 2, FATE_DROPPED, "inet_frag_destroy",
		  DROP_FRAG_REASM_TIMEOUT);
	assert_null(fate_of(tr, 3));                     /* no ICMP */
	assert_int_equal(w->snmp[CTR_IpReasmTimeout], 1);
	assert_int_equal(w->snmp[CTR_IpReasmFails], 1);
	assert_int_equal(w->snmp[CTR_IcmpOutMsgs], 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_high_thresh(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP "sysctl -w net.ipv4.ipfrag_high_thresh=1\n");
	assert_int_equal(tw_run_traced(w, FRAG_A "inject eth0 udp 10.0.0.1:40000"
				       " > 10.0.0.2:5000 len 16 mf id 8\n" FRAG_B,
				       tr), CMD_OK);
	/* reasm-highthresh: Linux 6.18 refuses both later fragments */
	want_fate(tr, 2, FATE_DROPPED, "ip_defrag", DROP_NOT_SPECIFIED);
	want_fate(tr, 3, FATE_DROPPED, "ip_defrag", DROP_NOT_SPECIFIED);
	assert_int_equal(w->snmp[CTR_IpReasmFails], 2);
	assert_int_equal(w->snmp[CTR_IpReasmReqds], 3);
	assert_true(w->frag_mem > 1);
	tw_ok(w, "run 31s\n");
	assert_int_equal(w->snmp[CTR_IpReasmTimeout], 1);
	assert_int_equal(w->frag_mem, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_reassembled_beyond_one_buffer(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();

	(void)state;
	tw_ok(w, TW_HOST NEIGH APP);
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:40000 > "
				       "10.0.0.2:5000 len 1472 mf id 9\n"
				       "inject eth0 udp 10.0.0.1:40000 > "
				       "10.0.0.2:5000 len 1000 frag-offset 1480 "
				       "id 9\n", tr), CMD_OK);
	want_fate(tr, 1, FATE_DROPPED, "inet_frag_destroy", DROP_NOT_SPECIFIED);
	want_fate(tr, 2, FATE_DROPPED, "inet_frag_destroy", DROP_NOT_SPECIFIED);
	assert_int_equal(w->snmp[CTR_IpReasmFails], 1);
	assert_int_equal(w->snmp[CTR_IpReasmOKs], 0);
	assert_int_equal(w->frag_mem, 0);
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_loopback_round_trip(void **state)
{
	struct world *w = tw_new();

	(void)state;
	/* lo-frag: Linux 6.18 */
	tw_ok(w, "ip link set lo mtu 576\n"
	      "socket app udp bind 127.0.0.1:5000\n"
	      "socket tx udp bind 127.0.0.1:6000\n"
	      "send tx to 127.0.0.1:5000 len 1000\n"
	      "run idle\nrecv app all\n"
	      "expect counter IpFragCreates 2\nexpect counter IpReasmOKs 1\n"
	      "expect counter IpReasmReqds 2\nexpect counter UdpInDatagrams 1\n"
	      "expect counter IpInDelivers 1\nexpect counter IpOutTransmits 2\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_forwarded_fragments_keep_the_id(void **state)
{
	struct world *w = tw_new();
	struct tw_trace *tr = tw_trace_new();
	const struct fate_rec *f[4];

	(void)state;
	tw_ok(w, TW_HOST NEIGH "nic add eth1 mac 02:00:00:00:01:02\n"
	      "ip link set eth1 up\nip link set eth1 mtu 576\n"
	      "ip addr add 10.1.0.2/24 dev eth1\n"
	      "ip neigh add 10.1.0.1 lladdr 02:00:00:00:01:01 dev eth1 "
	      "nud permanent\nsysctl -w net.ipv4.ip_forward=1\n");
	assert_int_equal(tw_run_traced(w, "inject eth0 udp 10.0.0.1:40000 > "
				       "10.1.0.1:7000 len 1000 id 99 mf\n", tr),
			 CMD_OK);
	assert_int_equal(sent_frags(tr, f, 4), 0);
	assert_int_equal(fate_of(tr, 2)->fate, FATE_FORWARDED);
	assert_int_equal(fate_of(tr, 3)->fate, FATE_FORWARDED);
	for (uint32_t p = 2; p <= 3; p++) {
		const uint8_t *iph = fate_of(tr, p)->bytes;

		assert_int_equal(get_be16(iph + IP_OFF_ID), 99);
		/* a first fragment cut again: every piece keeps MF */
		assert_true(get_be16(iph + IP_OFF_FRAG) & IP_MF);
		assert_int_equal(iph[IP_OFF_TTL], 63);
	}
	want_fate(tr, 1, FATE_CONSUMED, "ip_do_fragment", DROP_NONE);
	assert_int_equal(w->snmp[CTR_IpForwDatagrams], 1);
	assert_int_equal(w->snmp[CTR_IpFragCreates], 2);
	assert_int_equal(w->snmp[CTR_IpFragOKs], 1);
	tw_ok(w, "run 1s\n");
	tw_trace_free(tr);
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fragment_sizes),
		cmocka_unit_test(test_small_datagram_keeps_df),
		cmocka_unit_test(test_send_size_limit),
		cmocka_unit_test(test_reassembly_in_order),
		cmocka_unit_test(test_reassembly_out_of_order),
		cmocka_unit_test(test_reassembly_overlap),
		cmocka_unit_test(test_reassembly_duplicate),
		cmocka_unit_test(test_timeout_with_first_fragment),
		cmocka_unit_test(test_timeout_without_first_fragment),
		cmocka_unit_test(test_high_thresh),
		cmocka_unit_test(test_reassembled_beyond_one_buffer),
		cmocka_unit_test(test_loopback_round_trip),
		cmocka_unit_test(test_forwarded_fragments_keep_the_id),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
