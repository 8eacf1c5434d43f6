/* test_conntrack.c: connection tracking's states and timeouts, the
 * unconfirmed entry's life, and NAT's port choice when a tuple is taken. */
#include "testlib.h"

#include "nf_ct.h"

#define ROUTER TW_HOST \
	"ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 nud permanent\n" \
	"ip neigh add 10.0.0.3 lladdr 02:00:00:00:00:03 dev eth0 nud permanent\n" \
	"nic add eth1 mac 02:00:00:00:01:02\n" \
	"ip link set eth1 up\n" \
	"ip addr add 10.1.0.2/24 dev eth1\n" \
	"ip neigh add 10.1.0.1 lladdr 02:00:00:00:01:01 dev eth1 nud permanent\n" \
	"sysctl -w net.ipv4.ip_forward=1\n"

#define S_TO_NS 1000000000ull

/* The one confirmed entry whose original source port is sport. */
static const struct nf_conn *ct_by_sport(const struct world *w,
					 uint16_t sport)
{
	for (int i = 0; i < CT_MAX; i++)
		if (w->ct[i].used && (w->ct[i].status & IPS_CONFIRMED) &&
		    w->ct[i].tuple[IP_CT_DIR_ORIGINAL].sport == sport)
			return &w->ct[i];
	fail_msg("no connection from port %u", sport);
	return NULL;
}

static uint64_t secs_left(const struct world *w, const struct nf_conn *ct)
{
	return (ct->timeout - w->now) / S_TO_NS;
}

static void test_tcp_states(void **state)
{
	struct world *w = tw_new();
	const struct nf_conn *ct;

	(void)state;
	tw_ok(w, ROUTER "iptables -A FORWARD -m conntrack --ctstate INVALID "
	      "-j DROP\n"
	      "inject eth0 tcp 10.0.0.1:40000 > 10.1.0.1:80 flags S seq 1000\n");
	ct = ct_by_sport(w, 40000);
	assert_int_equal(ct->tcp.state, TCP_CONNTRACK_SYN_SENT);
	assert_int_equal(secs_left(w, ct), 119);
	assert_false(ct->status & IPS_SEEN_REPLY);
	tw_ok(w, "inject eth1 tcp 10.1.0.1:80 > 10.0.0.1:40000 flags SA seq 5000 "
	      "ack 1001 src-mac 02:00:00:00:01:01\n");
	assert_int_equal(ct->tcp.state, TCP_CONNTRACK_SYN_RECV);
	assert_true(ct->status & IPS_SEEN_REPLY);
	assert_false(ct->status & IPS_ASSURED);
	tw_ok(w, "inject eth0 tcp 10.0.0.1:40000 > 10.1.0.1:80 flags A seq 1001 "
	      "ack 5001\n");
	assert_int_equal(ct->tcp.state, TCP_CONNTRACK_ESTABLISHED);
	assert_true(ct->status & IPS_ASSURED);
	assert_int_equal(secs_left(w, ct), 431999);
	/* far out of the window the peer advertised: INVALID, dropped, and
	 * the state does not move */
	tw_ok(w, "inject eth0 tcp 10.0.0.1:40000 > 10.1.0.1:80 flags A "
	      "seq 900000000 ack 5001\n");
	assert_int_equal(ct->tcp.state, TCP_CONNTRACK_ESTABLISHED);
	assert_int_equal(w->ct_stat_invalid, 1);
	tw_ok(w, "inject eth0 tcp 10.0.0.1:40000 > 10.1.0.1:80 flags FA seq 1001 "
	      "ack 5001\n");
	assert_int_equal(ct->tcp.state, TCP_CONNTRACK_FIN_WAIT);
	assert_int_equal(secs_left(w, ct), 119);
	tw_ok(w, "inject eth1 tcp 10.1.0.1:80 > 10.0.0.1:40000 flags R seq 5001 "
	      "src-mac 02:00:00:00:01:01\n");
	assert_int_equal(ct->tcp.state, TCP_CONNTRACK_CLOSE);
	assert_int_equal(secs_left(w, ct), 9);
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* UDP: 30 s unreplied; seen both ways for over 2 s: a stream, ASSURED,
 * 120 s; after the timeout the entry is gone and the next packet is NEW. */
static void test_udp_stream_and_expiry(void **state)
{
	struct world *w = tw_new();
	const struct nf_conn *ct;

	(void)state;
	tw_ok(w, ROUTER "iptables -A FORWARD -m state --state NEW\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.1.0.1:53 payload \"q\"\n"
	      "inject eth1 udp 10.1.0.1:53 > 10.0.0.1:40000 payload \"a\" "
	      "src-mac 02:00:00:00:01:01\n");
	ct = ct_by_sport(w, 40000);
	assert_true(ct->status & IPS_SEEN_REPLY);
	assert_false(ct->status & IPS_ASSURED);
	assert_int_equal(secs_left(w, ct), 29);
	tw_ok(w, "run 3s\ninject eth0 udp 10.0.0.1:40000 > 10.1.0.1:53 "
	      "payload \"q\"\n");
	assert_true(ct->status & IPS_ASSURED);
	assert_int_equal(secs_left(w, ct), 119);
	tw_ok(w, "run 121s\nconntrack -C\n");
	assert_string_equal(tw_out, "0\n");
	tw_ok(w, "inject eth0 udp 10.0.0.1:40000 > 10.1.0.1:53 payload \"q\"\n"
	      "iptables -L FORWARD -v -n -x\n");
	assert_non_null(strstr(tw_out, "       2       58            0    --"));
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* A connection whose first packet is dropped before nf_confirm is never
 * in the table: freeing the skb frees it. */
static void test_unconfirmed_dies_with_its_skb(void **state)
{
	struct world *w = tw_new();
	int used = 0;

	(void)state;
	tw_ok(w, ROUTER "iptables -A INPUT -m conntrack --ctstate NEW -j DROP\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:53 payload \"q\"\n"
	      "conntrack -L\n");
	for (int i = 0; i < CT_MAX; i++)
		used += w->ct[i].used;
	assert_int_equal(used, 0);
	assert_non_null(strstr(tw_err, "0 flow entries have been shown"));
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* Two hosts masqueraded behind one address with the same source port:
 * the second gets another port (nf_nat_l4proto_unique_tuple), in
 * 1024-65535 since its port was above 1023. */
static void test_masquerade_port_clash(void **state)
{
	struct world *w = tw_new();
	const struct nf_conn *a, *b;

	(void)state;
	tw_ok(w, ROUTER "iptables -t nat -A POSTROUTING -o eth1 -j MASQUERADE\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.1.0.1:53 payload \"q\"\n"
	      "inject eth0 udp 10.0.0.3:40000 > 10.1.0.1:53 payload \"q\" "
	      "src-mac 02:00:00:00:00:03\n");
	a = &w->ct[0];
	b = &w->ct[1];
	assert_true(a->used && b->used);
	assert_int_equal(a->tuple[IP_CT_DIR_REPLY].dst, 0x0a010002);
	assert_int_equal(a->tuple[IP_CT_DIR_REPLY].dport, 40000); /* free */
	assert_int_equal(b->tuple[IP_CT_DIR_REPLY].dst, 0x0a010002);
	assert_int_not_equal(b->tuple[IP_CT_DIR_REPLY].dport, 40000);
	assert_true(b->tuple[IP_CT_DIR_REPLY].dport >= 1024);
	assert_true(a->status & IPS_SRC_NAT);    /* the address changed */
	assert_true(b->status & IPS_SRC_NAT);
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* --random skips get_unique_tuple's first two tries (the original tuple,
 * then another connection's mapping from the same source): the port is
 * chosen at random even though the original one is free. */
static void test_snat_random_changes_a_free_port(void **state)
{
	struct world *w = tw_new();
	const struct nf_conn *a;

	(void)state;
	tw_ok(w, ROUTER "iptables -t nat -A POSTROUTING -o eth1 -j SNAT "
	      "--to-source 10.1.0.7 --random\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.1.0.1:53 payload \"q\"\n");
	a = ct_by_sport(w, 40000);
	assert_int_equal(a->tuple[IP_CT_DIR_REPLY].dst, 0x0a010007);
	assert_int_not_equal(a->tuple[IP_CT_DIR_REPLY].dport, 40000);
	assert_true(a->tuple[IP_CT_DIR_REPLY].dport >= 1024);
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* A slot freed and taken again keeps counting its generation, so an skb
 * that still names the old entry cannot take the new one for its own. */
static void test_reused_slot_new_generation(void **state)
{
	struct world *w = tw_new();
	uint16_t g;

	(void)state;
	tw_ok(w, ROUTER "iptables -A FORWARD -m state --state NEW\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.1.0.1:53 payload \"q\"\n");
	assert_true(w->ct[0].used);
	g = w->ct[0].gen;
	tw_ok(w, "conntrack -F\n"
	      "inject eth0 udp 10.0.0.1:40001 > 10.1.0.1:53 payload \"q\"\n");
	assert_true(w->ct[0].used);
	assert_int_equal(w->ct[0].tuple[IP_CT_DIR_ORIGINAL].sport, 40001);
	assert_int_equal(w->ct[0].gen, (uint16_t)(g + 1));
	tw_assert_pools_empty(w);
	tw_free(w);
}

/* The nat table sees only a connection's first packet. */
static void test_nat_rules_see_first_packet_only(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, ROUTER "iptables -t nat -A PREROUTING -p udp --dport 53 "
	      "-j DNAT --to-destination 10.1.0.1\n"
	      "inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:53 payload \"q\" "
	      "count 3\n"
	      "iptables -t nat -L PREROUTING -v -n -x\n");
	assert_non_null(strstr(tw_out, "       1       29 DNAT"));
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_states),
		cmocka_unit_test(test_udp_stream_and_expiry),
		cmocka_unit_test(test_unconfirmed_dies_with_its_skb),
		cmocka_unit_test(test_masquerade_port_clash),
		cmocka_unit_test(test_snat_random_changes_a_free_port),
		cmocka_unit_test(test_nat_rules_see_first_packet_only),
		cmocka_unit_test(test_reused_slot_new_generation),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
