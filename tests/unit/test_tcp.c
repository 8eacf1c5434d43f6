/* test_tcp.c: the seq/ack arithmetic of tcp_v4_send_reset, the SYN and
 * accept queue limits, and a handshake with data, ss and recv. */
#include "testlib.h"

#include "tcp.h"

#define PEER "10.0.0.1:40000 > 10.0.0.2:80"
#define HOST TW_HOST \
	"ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud permanent\n"

static void test_rst_seq_rules(void **state)
{
	struct tcp_rst_seq r;

	(void)state;
	/* a SYN: RST|ACK acking seq + 1, seq 0 */
	r = tcp_rst_seq(TCPHDR_SYN, 1000, 0, 0);
	assert_int_equal(r.flags, TCPHDR_RST | TCPHDR_ACK);
	assert_int_equal(r.seq, 0);
	assert_int_equal(r.ack, 1001);
	/* with ACK: seq = its ack, no ACK flag */
	r = tcp_rst_seq(TCPHDR_ACK | TCPHDR_PSH, 5000, 9000, 10);
	assert_int_equal(r.flags, TCPHDR_RST);
	assert_int_equal(r.seq, 9000);
	/* data and FIN without ACK: seq + len + FIN, wrapping */
	r = tcp_rst_seq(TCPHDR_FIN, 0xfffffffe, 0, 10);
	assert_int_equal(r.ack, 9);
}

static void test_queue_limits(void **state)
{
	(void)state;
	/* both compare with `>`: a backlog of N holds N + 1 */
	assert_false(tcp_synq_full(1, 1));
	assert_true(tcp_synq_full(2, 1));
	assert_false(tcp_acceptq_full(0, 0));
	assert_true(tcp_acceptq_full(1, 0));
}

static void test_listen_overflow(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, HOST "socket srv tcp bind 10.0.0.2:80 listen 0\n"
	      "inject eth0 tcp " PEER " flags S seq 1000\n"
	      "inject eth0 tcp " PEER " flags A seq 1001 ack isn+1\n"
	      "inject eth0 tcp 10.0.0.1:40001 > 10.0.0.2:80 flags S seq 7\n");
	assert_int_equal(w->snmp[CTR_TcpPassiveOpens], 1);
	assert_int_equal(w->snmp[CTR_TcpExtListenOverflows], 1);
	assert_int_equal(w->snmp[CTR_TcpExtListenDrops], 1);
	assert_int_equal(w->snmp[CTR_TcpOutSegs], 1);
	tw_ok(w, "recv srv\n");
	assert_int_equal(w->sock[sock_by_name(w, "srv") - 1].ack_backlog, 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_data_ss_recv_fin(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, HOST "socket srv tcp bind 10.0.0.2:80 listen 5\n"
	      "inject eth0 tcp " PEER " flags S seq 1000\n"
	      "inject eth0 tcp " PEER " flags A seq 1001 ack isn+1\n"
	      "inject eth0 tcp " PEER " flags PA seq 1001 ack isn+1 len 100\n"
	      "ss -tan\n");
	assert_string_equal(tw_out,
		"State  Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
		"LISTEN 1      5      10.0.0.2:80         0.0.0.0:*\n"
		"ESTAB  100    0      10.0.0.2:80         10.0.0.1:40000\n");
	tw_ok(w, "inject eth0 tcp " PEER " flags FA seq 1101 ack isn+1\n"
	      "recv srv\nrecv srv.1\nss -tn\n");
	assert_string_equal(tw_out,
		"State  Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
		"CLOSE-WAIT 1      0      10.0.0.2:80         10.0.0.1:40000\n");
	assert_int_equal(w->snmp[CTR_TcpExtDelayedACKs], 1);
	tw_ok(w, "recv srv.1\ninject eth0 tcp " PEER " flags R seq 1102\n");
	assert_int_equal(w->snmp[CTR_TcpEstabResets], 1);
	assert_int_equal(w->snmp[CTR_TcpOutRsts], 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

#define EST HOST "socket srv tcp bind 10.0.0.2:80 listen\n" \
	"inject eth0 tcp " PEER " flags S seq 1000\n" \
	"inject eth0 tcp " PEER " flags A seq 1001 ack isn+1\nrecv srv\n"

static const struct sock *srv1(struct world *w)
{
	return &w->sock[sock_by_name(w, "srv.1") - 1];
}

/* close(): FIN_WAIT1, the ACK of our FIN makes a timewait sock in
 * substate FIN_WAIT2 at once (TW counted then), the peer's FIN makes it
 * TIME_WAIT, and 60 s later it is gone, not after tcp_fin_timeout. */
static void test_active_close_time_wait(void **state)
{
	struct world *w = tw_new();
	uint32_t isn;

	(void)state;
	tw_ok(w, EST "close srv.1\n");
	assert_int_equal(srv1(w)->state, TCP_FIN_WAIT1);
	isn = srv1(w)->snd_isn;
	assert_int_equal(srv1(w)->write_seq, isn + 2);
	assert_int_equal(tw_run(w, "send srv.1 len 1\n"), CMD_USAGE);
	tw_ok(w, "inject eth0 tcp " PEER " flags A seq 1001 ack isn+2\n");
	assert_int_equal(srv1(w)->state, TCP_TIME_WAIT);
	assert_int_equal(srv1(w)->tw_substate, TCP_FIN_WAIT2);
	assert_int_equal(w->snmp[CTR_TcpExtTW], 1);
	tw_ok(w, "inject eth0 tcp " PEER " flags FA seq 1001 ack isn+2\n");
	assert_int_equal(srv1(w)->tw_substate, TCP_TIME_WAIT);
	assert_int_equal(srv1(w)->rcv_nxt, 1002);
	assert_int_equal(w->snmp[CTR_TcpExtTW], 1);
	tw_ok(w, "run 59s\n");
	assert_true(sock_by_name(w, "srv.1") != 0);
	tw_ok(w, "run 2s\n");
	assert_int_equal(sock_by_name(w, "srv.1"), 0);
	tw_ok(w, "close srv\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* Nagle holds a small segment while a small one is unacknowledged; the
 * ACK frees the queue and releases it; Send-Q is write_seq - snd_una. */
static void test_send_nagle_ack(void **state)
{
	struct world *w = tw_new();
	uint32_t isn;

	(void)state;
	tw_ok(w, EST "send srv.1 payload \"hello\"\nsend srv.1 payload \"world\"\n");
	isn = srv1(w)->snd_isn;
	assert_int_equal(srv1(w)->snd_nxt, isn + 6);
	assert_int_equal(srv1(w)->write_seq, isn + 11);
	assert_int_equal(w->snmp[CTR_TcpExtTCPOrigDataSent], 1);
	tw_ok(w, "inject eth0 tcp " PEER " flags A seq 1001 ack isn+6\n");
	assert_int_equal(srv1(w)->snd_nxt, isn + 11);
	assert_int_equal(w->snmp[CTR_TcpExtTCPDelivered], 1);
	tw_ok(w, "inject eth0 tcp " PEER " flags A seq 1001 ack isn+11\n");
	assert_int_equal(srv1(w)->wq.head, 0);
	assert_int_equal(w->snmp[CTR_TcpExtTCPDelivered], 2);
	tw_ok(w, "inject eth0 tcp " PEER " flags R seq 1001\nclose srv.1\n"
	      "close srv\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* close() with unread data: a reset, not a FIN; the socket is gone. */
static void test_close_unread_resets(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, EST "inject eth0 tcp " PEER " flags PA seq 1001 ack isn+1 "
	      "len 10\nclose srv.1\n");
	assert_int_equal(w->snmp[CTR_TcpExtTCPAbortOnClose], 1);
	assert_int_equal(w->snmp[CTR_TcpEstabResets], 1);
	assert_int_equal(w->snmp[CTR_TcpOutRsts], 1);
	assert_int_equal(sock_by_name(w, "srv.1"), 0);
	tw_ok(w, "close srv\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* ---- retransmission (tcp_timer.c) ---- */

static void test_rto_backoff_arithmetic(void **state)
{
	uint64_t rto = TCP_TIMEOUT_INIT_NS;

	(void)state;
	/* 1, 2, 4 ... 64 s, then clamped at TCP_RTO_MAX 120 s */
	for (int i = 0; i < 6; i++)
		rto = tcp_rto_backoff(rto);
	assert_true(rto == 64000000000ull);
	assert_true(tcp_rto_backoff(rto) == TCP_RTO_MAX_NS);
	assert_true(tcp_rto_backoff(TCP_RTO_MAX_NS) == TCP_RTO_MAX_NS);
	/* a request sock: 1, 2, 4, 8, 16 s ... at most 120 s */
	assert_true(reqsk_timeout(0) == 1000000000ull);
	assert_true(reqsk_timeout(4) == 16000000000ull);
	assert_true(reqsk_timeout(7) == TCP_RTO_MAX_NS);
	assert_true(reqsk_timeout(30) == TCP_RTO_MAX_NS);
}

static void test_model_timeout_and_give_up(void **state)
{
	(void)state;
	/* tcp_model_timeout: (2^(n+1) - 1) x base below the threshold */
	assert_int_equal(tcp_model_timeout_ms(1, TCP_RTO_MIN_J), 600);
	assert_int_equal(tcp_model_timeout_ms(2, TCP_RTO_MIN_J), 1400);
	/* tcp_retries2 15 from 200 ms: 9 doublings to 102.2 s, then 6 x
	 * 120 s = 924.6 s, the documented ~924 s */
	assert_int_equal(tcp_model_timeout_ms(15, TCP_RTO_MIN_J), 924600);
	/* a SYN, base 1 s: syn_retries 6 -> 127 s (ilog2(120) = 6) */
	assert_int_equal(tcp_model_timeout_ms(6, TCP_TIMEOUT_INIT_J), 127000);
	assert_int_equal(tcp_model_timeout_ms(8, TCP_TIMEOUT_INIT_J), 367000);
	/* no retransmission yet: never expired; then by time */
	assert_false(tcp_syn_expired(0, 1, 10000000000ull));
	assert_false(tcp_syn_expired(2, 1, 2999999999ull));
	assert_true(tcp_syn_expired(1, 1, 3000000000ull));
}

static void test_rtt_estimator_rto(void **state)
{
	struct tcp_rtt r = { 0 };

	(void)state;
	/* first sample 20 ms: srtt 20 ms, rttvar max(40 ms, 200 ms):
	 * RTO 220 ms, 55 jiffies */
	tcp_rtt_estimator(&r, 20000, 100, 200);
	assert_int_equal(r.srtt_us, 20000 << 3);
	assert_int_equal(r.rttvar_us, TCP_RTO_MIN_US);
	assert_true(tcp_set_rto(&r) == 220000000ull);
	/* 1 us: rounded up to whole jiffies (4 ms): 51 jiffies */
	memset(&r, 0, sizeof(r));
	tcp_rtt_estimator(&r, 1, 0, 0);
	assert_true(tcp_set_rto(&r) == 204000000ull);
	/* a long RTT dominates: 300 ms -> rttvar 600 ms, RTO 900 ms */
	memset(&r, 0, sizeof(r));
	tcp_rtt_estimator(&r, 300000, 0, 0);
	assert_true(tcp_set_rto(&r) == 900000000ull);
	/* a second, equal sample: srtt stays, mdev shrinks */
	tcp_rtt_estimator(&r, 300000, 1, 2);
	assert_int_equal(r.srtt_us >> 3, 300000);
	assert_true(r.mdev_us < 600000);
}

#define CONNECT HOST "inject eth0 arp reply 10.0.0.1 is-at " \
	"02:00:00:00:00:01 > 10.0.0.2\n" \
	"socket cli tcp bind 10.0.0.2:33000 connect 10.0.0.1:80\n"

static void test_syn_retransmit_gives_up(void **state)
{
	struct world *w = tw_new();
	uint32_t h;

	(void)state;
	tw_ok(w, "sysctl -w net.ipv4.tcp_syn_retries=1\n"
	      "sysctl -w net.ipv4.tcp_syn_linear_timeouts=0\n" CONNECT);
	h = sock_by_name(w, "cli");
	/* run idle does not wait for the retransmission timer */
	tw_ok(w, "run idle\n");
	assert_int_equal(w->snmp[CTR_TcpRetransSegs], 0);
	tw_ok(w, "run 1500ms\n");
	assert_int_equal(w->snmp[CTR_TcpRetransSegs], 1);
	assert_int_equal(w->snmp[CTR_TcpExtTCPSynRetrans], 1);
	assert_int_equal(w->sock[h - 1].state, TCP_SYN_SENT);
	assert_true(w->sock[h - 1].rto == 2000000000ull);
	tw_ok(w, "run 1s\n");   /* 2.5 s: not yet */
	assert_int_equal(w->sock[h - 1].state, TCP_SYN_SENT);
	tw_ok(w, "run 1s\n");   /* 3 s since the SYN: give up */
	assert_int_equal(w->sock[h - 1].state, TCP_CLOSE);
	assert_int_equal(w->sock[h - 1].sk_err, -110);
	assert_int_equal(w->snmp[CTR_TcpExtTCPTimeouts], 2);
	assert_int_equal(w->snmp[CTR_TcpExtTCPAbortOnTimeout], 1);
	assert_int_equal(w->snmp[CTR_TcpAttemptFails], 1);
	assert_int_equal(w->snmp[CTR_TcpOutSegs], 1);
	assert_int_equal(w->sock[h - 1].rto_at, 0);
	tw_ok(w, "run 10s\n");   /* nothing more */
	assert_int_equal(w->snmp[CTR_TcpRetransSegs], 1);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_syn_linear_timeouts(void **state)
{
	struct world *w = tw_new();

	(void)state;
	/* defaults (linear 4, syn_retries 6): 1 s apart, 5 times */
	tw_ok(w, CONNECT "run 5500ms\n");
	assert_int_equal(w->snmp[CTR_TcpExtTCPSynRetrans], 5);
	assert_int_equal(w->snmp[CTR_TcpExtTCPLostRetransmit], 4);
	tw_ok(w, "run 1s\n");   /* then 2 s: nothing at 6.5 s */
	assert_int_equal(w->snmp[CTR_TcpExtTCPSynRetrans], 5);
	tw_ok(w, "run 1s\n");
	assert_int_equal(w->snmp[CTR_TcpExtTCPSynRetrans], 6);
	tw_free(w);
}

static void test_synack_retransmit_and_drop(void **state)
{
	struct world *w = tw_new();
	uint32_t srv;

	(void)state;
	tw_ok(w, HOST "sysctl -w net.ipv4.tcp_synack_retries=2\n"
	      "socket srv tcp bind 10.0.0.2:80 listen\n"
	      "inject eth0 tcp " PEER " flags S seq 1000\nrun 3500ms\n");
	srv = sock_by_name(w, "srv");
	assert_int_equal(w->snmp[CTR_TcpExtTCPSynRetrans], 2);
	assert_int_equal(w->sock[srv - 1].syn_qlen, 1);
	tw_ok(w, "run 3400ms\n");   /* 6.9 s: still there */
	assert_int_equal(w->sock[srv - 1].syn_qlen, 1);
	tw_ok(w, "run 200ms\n");    /* 7 s: dropped */
	assert_int_equal(w->sock[srv - 1].syn_qlen, 0);
	assert_int_equal(w->snmp[CTR_TcpExtTCPTimeouts], 3);
	assert_int_equal(w->snmp[CTR_TcpRetransSegs], 2);
	assert_int_equal(w->snmp[CTR_TcpOutSegs], 3);
	tw_ok(w, "close srv\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_data_retransmit_retries2(void **state)
{
	struct world *w = tw_new();

	(void)state;
	/* RTT ~0: RTO 204 ms; retries2 1 = 600 ms from the first
	 * retransmission (at 204 ms): again at 612, give up at 1428 */
	tw_ok(w, "sysctl -w net.ipv4.tcp_retries2=1\n" EST
	      "send srv.1 payload \"hello\"\nrun 300ms\n");
	assert_true(srv1(w)->rto == 408000000ull);
	assert_int_equal(w->snmp[CTR_TcpRetransSegs], 1);
	tw_ok(w, "run 1s\n");
	assert_int_equal(w->snmp[CTR_TcpRetransSegs], 2);
	assert_int_equal(srv1(w)->state, TCP_ESTABLISHED);
	tw_ok(w, "run 200ms\n");
	assert_int_equal(srv1(w)->state, TCP_CLOSE);
	assert_int_equal(w->snmp[CTR_TcpExtTCPTimeouts], 3);
	assert_int_equal(w->snmp[CTR_TcpEstabResets], 1);
	assert_int_equal(w->snmp[CTR_TcpExtTCPAbortOnTimeout], 1);
	assert_int_equal(srv1(w)->wq.qlen, 0);
	tw_ok(w, "close srv.1\nclose srv\n");
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_ack_stops_timer(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, EST "send srv.1 payload \"hello\"\nrun 100ms\n"
	      "inject eth0 tcp " PEER " flags A seq 1001 ack isn+6\n"
	      "run 5s\n");
	assert_int_equal(w->snmp[CTR_TcpRetransSegs], 0);
	assert_int_equal(srv1(w)->rto_at, 0);
	/* a second sample, ~100 ms, after the handshake's ~0: srtt moves
	 * 1/8 of the way (12.5 ms), rttvar stays 200 ms: 212.5 ms -> 54
	 * jiffies */
	assert_true(srv1(w)->rto == 216000000ull);
	tw_ok(w, "close srv.1\nclose srv\n");
	tw_free(w);
}

/* tcp_sequence: old (end before rcv_wup), past the window, only the FIN
 * past, the end past with or without data waiting. */
static void test_tcp_sequence_rules(void **state)
{
	(void)state;
	assert_int_equal(tcp_sequence(100, 100, 50, 90, 100, false, true),
			 DROP_NONE);
	assert_int_equal(tcp_sequence(100, 100, 50, 80, 99, false, true),
			 DROP_TCP_OLD_SEQUENCE);
	assert_int_equal(tcp_sequence(100, 100, 50, 150, 160, false, true),
			 DROP_NONE);   /* at the edge: tcp_data_queue decides */
	assert_int_equal(tcp_sequence(100, 100, 50, 151, 160, false, true),
			 DROP_TCP_INVALID_SEQUENCE);
	assert_int_equal(tcp_sequence(100, 100, 50, 140, 160, false, true),
			 DROP_NONE);
	assert_int_equal(tcp_sequence(100, 100, 50, 140, 160, false, false),
			 DROP_TCP_INVALID_END_SEQUENCE);
	assert_int_equal(tcp_sequence(100, 100, 50, 140, 151, true, false),
			 DROP_NONE);
	/* wrap-around */
	assert_int_equal(tcp_sequence(0xfffffff0u, 0xfffffff0u, 50, 0x10, 0x20,
				      false, true), DROP_NONE);
}

/* The out-of-order queue stays sorted by seq whatever the arrival order,
 * and only the segment at rcv_nxt releases it. */
static void assert_ofo_sorted(struct world *w, const uint32_t *seq, int n)
{
	uint32_t h = srv1(w)->ofo.head;
	int i;

	for (i = 0; h; i++, h = w->skb[h - 1].next) {
		struct sk_buff *skb = &w->skb[h - 1];

		assert_true(i < n);
		assert_int_equal(get_be32(skb->buf + skb->transport_header + 4),
				 seq[i]);
	}
	assert_int_equal(i, n);
	assert_int_equal(srv1(w)->ofo.qlen, n);
}

static void test_ofo_two_holes_wrong_order(void **state)
{
	struct world *w = tw_new();
	const uint32_t two[] = { 1011, 1031 }, three[] = { 1011, 1021, 1031 };

	(void)state;
	tw_ok(w, EST "inject eth0 tcp " PEER " flags PA seq 1031 ack isn+1 len 10\n"
	      "inject eth0 tcp " PEER " flags PA seq 1011 ack isn+1 len 10\n");
	assert_ofo_sorted(w, two, 2);
	/* the second hole first: still out of order, rcv_nxt stays */
	tw_ok(w, "inject eth0 tcp " PEER " flags PA seq 1021 ack isn+1 len 10\n");
	assert_ofo_sorted(w, three, 3);
	assert_int_equal(srv1(w)->rcv_nxt, 1001);
	assert_int_equal(w->snmp[CTR_TcpExtTCPOFOQueue], 3);
	assert_int_equal(w->snmp[CTR_TcpOutSegs], 4);   /* SYN-ACK, 3 dupacks */
	tw_ok(w, "inject eth0 tcp " PEER " flags PA seq 1001 ack isn+1 len 10\n"
	      "ss -tn\n");
	assert_string_equal(tw_out,
		"State  Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
		"ESTAB  40     0      10.0.0.2:80         10.0.0.1:40000\n");
	assert_int_equal(srv1(w)->rcv_nxt, 1041);
	assert_int_equal(srv1(w)->ofo.qlen, 0);
	assert_int_equal(srv1(w)->rq.qlen, 4);
	tw_ok(w, "recv srv.1\n");
	assert_int_equal(srv1(w)->copied_seq, 1041);
	tw_free(w);
}

/* A copy of queued bytes is dropped (TCPOFOMerge); a longer segment
 * drops the queued ones it covers; old data and data past the window are
 * answered by ACKs and dropped. */
static void test_ofo_merge_old_beyond(void **state)
{
	struct world *w = tw_new();
	const uint32_t one[] = { 1011 };

	(void)state;
	tw_ok(w, EST "inject eth0 tcp " PEER " flags PA seq 1021 ack isn+1 len 10\n"
	      "inject eth0 tcp " PEER " flags PA seq 1021 ack isn+1 len 5\n"
	      "inject eth0 tcp " PEER " flags PA seq 1011 ack isn+1 len 30\n");
	assert_ofo_sorted(w, one, 1);
	assert_int_equal(w->snmp[CTR_TcpExtTCPOFOMerge], 2);
	assert_int_equal(w->stage_drops[ST_tcp_data_queue_ofo], 1);
	tw_ok(w, "inject eth0 tcp " PEER " flags PA seq 1001 ack isn+1 len 10\n"
	      "inject eth0 tcp " PEER " flags PA seq 1001 ack isn+1 len 10\n"
	      "inject eth0 tcp " PEER " flags PA seq 99999 ack isn+1 len 10\n");
	assert_int_equal(srv1(w)->rcv_nxt, 1041);
	assert_int_equal(w->snmp[CTR_TcpExtDelayedACKLost], 1);
	assert_int_equal(w->snmp[CTR_TcpExtBeyondWindow], 1);
	assert_int_equal(w->stage_drops[ST_tcp_validate_incoming], 2);
	assert_int_equal(w->snmp[CTR_TcpOutSegs], 7);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rst_seq_rules),
		cmocka_unit_test(test_queue_limits),
		cmocka_unit_test(test_listen_overflow),
		cmocka_unit_test(test_data_ss_recv_fin),
		cmocka_unit_test(test_active_close_time_wait),
		cmocka_unit_test(test_send_nagle_ack),
		cmocka_unit_test(test_close_unread_resets),
		cmocka_unit_test(test_rto_backoff_arithmetic),
		cmocka_unit_test(test_model_timeout_and_give_up),
		cmocka_unit_test(test_rtt_estimator_rto),
		cmocka_unit_test(test_syn_retransmit_gives_up),
		cmocka_unit_test(test_syn_linear_timeouts),
		cmocka_unit_test(test_synack_retransmit_and_drop),
		cmocka_unit_test(test_data_retransmit_retries2),
		cmocka_unit_test(test_ack_stops_timer),
		cmocka_unit_test(test_tcp_sequence_rules),
		cmocka_unit_test(test_ofo_two_holes_wrong_order),
		cmocka_unit_test(test_ofo_merge_old_beyond),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
