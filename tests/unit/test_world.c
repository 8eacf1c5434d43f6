/* test_world.c: the world as a value (world.c): clone, equal, lookups and
 * the event queue's order. */
#include "testlib.h"

static void test_new_world_is_lo_only(void **state)
{
	struct world *w = tw_new();

	(void)state;
	assert_int_equal(dev_by_name(w, "lo"), 1);
	assert_int_equal(dev_by_name(w, "eth0"), 0);
	assert_true(w->dev[1].up);
	assert_int_equal(w->now, 0);
	assert_int_equal(w->nev, 0);
	assert_true(engine_settled(w));
	assert_true(inet_is_local_addr(w, 0x7f000001u));
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_clone_is_equal_and_independent(void **state)
{
	struct world *a = tw_new(), *b = tw_new();

	(void)state;
	tw_ok(a, TW_HOST "socket app udp bind 10.0.0.2:5000\n");
	assert_false(world_equal(a, b));
	world_clone(b, a);
	assert_true(world_equal(a, b));
	assert_int_equal(dev_by_name(b, "eth0"), 2);
	assert_int_not_equal(sock_by_name(b, "app"), 0);
	/* a change to the copy does not touch the original */
	tw_ok(b, "sysctl -w net.ipv4.ip_forward=1\n");
	assert_false(world_equal(a, b));
	tw_ok(a, "sysctl -w net.ipv4.ip_forward=1\n");
	assert_true(world_equal(a, b));
	/* one step of difference is a difference */
	b->step_no++;
	assert_false(world_equal(a, b));
	b->step_no--;
	assert_true(world_equal(a, b));
	tw_assert_pools_empty(a);
	tw_assert_pools_empty(b);
	tw_free(a);
	tw_free(b);
}

static void test_same_commands_give_equal_worlds(void **state)
{
	static const char scn[] = TW_HOST
		"ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 dev eth0 "
		"nud permanent\n"
		"socket app udp bind 10.0.0.2:5000\n"
		"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:5000 payload \"x\" "
		"count 3 gap 5us\n"
		"inject eth0 udp 10.0.0.1:40000 > 10.0.0.2:6000 len 10\n"
		"recv app all\n";
	struct world *a = tw_new(), *b = tw_new();

	(void)state;
	tw_ok(a, scn);
	tw_ok(b, scn);
	assert_true(world_equal(a, b));
	assert_true(a->now > 0);
	assert_int_equal(a->snmp[CTR_UdpInDatagrams], 3);
	tw_assert_pools_empty(a);
	tw_assert_pools_empty(b);
	tw_free(a);
	tw_free(b);
}

static void test_clone_then_same_commands(void **state)
{
	struct world *a = tw_new(), *b = tw_new();
	static const char more[] =
		"inject eth0 icmp 10.0.0.1 > 10.0.0.2 echo-request len 8\n";

	(void)state;
	tw_ok(a, TW_HOST "ip neigh add 10.0.0.1 lladdr 02:00:00:00:00:01 "
	      "dev eth0 nud permanent\n");
	world_clone(b, a);
	tw_ok(a, more);
	assert_false(world_equal(a, b));
	tw_ok(b, more);
	assert_true(world_equal(a, b));
	assert_int_equal(b->snmp[CTR_IcmpOutEchoReps], 1);
	tw_assert_pools_empty(a);
	tw_assert_pools_empty(b);
	tw_free(a);
	tw_free(b);
}

static void test_lookups(void **state)
{
	struct world *w = tw_new();

	(void)state;
	tw_ok(w, "nic add eth0\nnic add eth1\nsocket s1 udp\nsocket s2 udp\n");
	assert_int_equal(dev_by_name(w, "eth0"), 2);
	assert_int_equal(dev_by_name(w, "eth1"), 3);
	assert_int_equal(dev_by_name(w, "eth"), 0);
	assert_int_not_equal(sock_by_name(w, "s1"), sock_by_name(w, "s2"));
	assert_string_equal(w->sock[sock_by_name(w, "s2") - 1].name, "s2");
	assert_int_equal(sock_by_name(w, "s3"), 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_ev_order_time_kind_seq(void **state)
{
	struct world *w = tw_new();
	struct event e;
	static const uint32_t want[] = { 6, 4, 3, 5, 2, 1 };

	(void)state;
	assert_true(ev_push(w, 100, EV_SEND, 1));
	assert_true(ev_push(w, 50, EV_NEIGH_TIMER, 2));
	assert_true(ev_push(w, 50, EV_ARRIVAL, 3));
	assert_true(ev_push(w, 50, EV_TX_WIRE, 4));
	assert_true(ev_push(w, 50, EV_ARRIVAL, 5));
	assert_true(ev_push(w, 0, EV_SEND, 6));
	assert_int_equal(w->nev, 6);
	assert_int_equal(ev_peek(w)->a, 6);
	/* time first; at one instant hardware (TX wire, arrivals) before
	 * timers; the same kind in the order pushed */
	for (size_t i = 0; i < 6; i++) {
		assert_non_null(ev_peek(w));
		ev_pop(w, &e);
		assert_int_equal(e.a, want[i]);
	}
	assert_null(ev_peek(w));
	assert_int_equal(w->nev, 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_ev_heap_against_sort(void **state)
{
	struct world *w = tw_new();
	uint32_t x = 12345;
	uint64_t last_t = 0;
	uint8_t last_kind = 0;
	uint32_t last_seq = 0;
	bool first = true;

	(void)state;
	/* fill the queue with few distinct times and kinds, so ties abound */
	for (uint32_t i = 0; i < EV_MAX; i++) {
		x = x * 1103515245u + 12345u;
		assert_true(ev_push(w, (x >> 16) % 8, (uint8_t)(1 + (x >> 8) % 4),
				    i + 1));
	}
	/* full: refused */
	assert_false(ev_push(w, 0, EV_SEND, 0));
	assert_int_equal(w->nev, EV_MAX);
	for (uint32_t i = 0; i < EV_MAX; i++) {
		struct event e;

		ev_pop(w, &e);
		if (!first) {
			assert_true(e.t >= last_t);
			if (e.t == last_t) {
				assert_true(e.kind >= last_kind);
				if (e.kind == last_kind)
					assert_true(e.seq > last_seq);
			}
		}
		/* seq is push order, so a is seq + 1 here */
		assert_int_equal(e.a, e.seq + 1);
		first = false;
		last_t = e.t;
		last_kind = e.kind;
		last_seq = e.seq;
	}
	assert_int_equal(w->nev, 0);
	tw_assert_pools_empty(w);
	tw_free(w);
}

static void test_counters_bump_and_record(void **state)
{
	struct world *w = tw_new();
	struct step s;

	(void)state;
	memset(&s, 0, sizeof(s));
	snmp_inc(w, &s, CTR_IpInReceives, 1);
	snmp_inc(w, &s, CTR_IpInReceives, 2);
	dev_stat_inc(w, &s, 1, DEVC_rx_packets, 1);
	snmp_inc(w, NULL, CTR_UdpNoPorts, 1);
	assert_int_equal(w->snmp[CTR_IpInReceives], 3);
	assert_int_equal(w->snmp[CTR_UdpNoPorts], 1);
	assert_int_equal(w->dev[1].stats[DEVC_rx_packets], 1);
	/* one delta per counter, summed */
	assert_int_equal(s.ndeltas, 2);
	assert_int_equal(s.deltas[0].delta, 3);
	char buf[64];

	assert_string_equal(step_delta_name(w, &s.deltas[0], buf, sizeof(buf)),
			    "IpInReceives");
	assert_string_equal(step_delta_name(w, &s.deltas[1], buf, sizeof(buf)),
			    "lo rx_packets");
	tw_assert_pools_empty(w);
	tw_free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_world_is_lo_only),
		cmocka_unit_test(test_clone_is_equal_and_independent),
		cmocka_unit_test(test_same_commands_give_equal_worlds),
		cmocka_unit_test(test_clone_then_same_commands),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_ev_order_time_kind_seq),
		cmocka_unit_test(test_ev_heap_against_sort),
		cmocka_unit_test(test_counters_bump_and_record),
	};

	return cmocka_run_group_tests(tests, NULL, tw_teardown);
}
