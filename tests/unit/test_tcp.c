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
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
